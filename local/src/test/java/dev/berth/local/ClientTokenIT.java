package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;

/** RunTask's clientToken: a repeat returns the first result, never a second placement. */
class ClientTokenIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-client-token");
  private static Berth berth;
  private static String instance;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("tokens");
    instance = berth.registerInstance("tokens", 4096, 4096);
    berth.ecs.registerTaskDefinition(b -> b.family("once").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(100).memory(100).build()));
  }

  @Test
  void theSameRequestWithTheSameTokenReturnsTheFirstTasks() {
    List<Task> first = berth.ecs.runTask(b -> b.cluster("tokens").taskDefinition("once").count(2)
        .clientToken("token-a")).tasks();
    List<Task> again = berth.ecs.runTask(b -> b.cluster("tokens").taskDefinition("once").count(2)
        .clientToken("token-a")).tasks();
    assertEquals(2, first.size());
    assertEquals(first.stream().map(Task::taskArn).toList(), again.stream().map(Task::taskArn).toList());
    assertEquals(4096 - 200, Berth.remaining(berth.describeInstance("tokens", instance), "CPU"));
  }

  @Test
  void aDifferentRequestWithAUsedTokenIsAConflictNamingTheFirstTasks() {
    List<Task> first = berth.ecs.runTask(b -> b.cluster("tokens").taskDefinition("once").clientToken("token-b"))
        .tasks();
    int before = Berth.remaining(berth.describeInstance("tokens", instance), "CPU");
    ConflictException conflict = assertThrows(ConflictException.class, () -> berth.ecs.runTask(
        b -> b.cluster("tokens").taskDefinition("once").count(3).clientToken("token-b")));
    assertEquals(List.of(first.get(0).taskArn()), conflict.resourceIds());
    assertEquals(before, Berth.remaining(berth.describeInstance("tokens", instance), "CPU"), "nothing placed");
  }

  @Test
  void concurrentRepeatsOfOneRequestPlaceItOnce() throws Exception {
    int before = Berth.remaining(berth.describeInstance("tokens", instance), "CPU");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Task>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(pool.submit(() -> {
        go.await();
        return berth.ecs.runTask(b -> b.cluster("tokens").taskDefinition("once").clientToken("token-c")).tasks();
      }));
    }
    go.countDown();
    Set<String> arns = new HashSet<>();
    for (Future<List<Task>> call : calls) {
      List<Task> tasks = call.get();
      assertEquals(1, tasks.size());
      arns.add(tasks.get(0).taskArn());
    }
    pool.shutdown();
    assertEquals(1, arns.size(), "every repeat got the same task");
    assertEquals(before - 100, Berth.remaining(berth.describeInstance("tokens", instance), "CPU"));
    assertTrue(berth.ledgerDrift("tokens").isEmpty());
  }
}
