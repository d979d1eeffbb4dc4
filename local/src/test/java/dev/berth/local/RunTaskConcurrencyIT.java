package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Many RunTask callers at once against a small cluster, through the ECS endpoint: the ledger never
 * promises a resource twice, and every caller that loses gets ECS's RESOURCE failure.
 */
class RunTaskConcurrencyIT {
  private static final int CALLERS = 64;
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-concurrency");
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
  }

  @Test
  void sixtyFourCallersForTwelveCpuSlotsPlaceExactlyTwelve() throws Exception {
    berth.createCluster("cpu");
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      instances.add(berth.registerInstance("cpu", 1024, 65536, "22"));
    }
    berth.ecs.registerTaskDefinition(b -> b.family("quarter").containerDefinitions(
        ContainerDefinition.builder().name("app").image("busybox").cpu(256).memory(16).build()));

    List<RunTaskResponse> responses = runConcurrently("cpu", "quarter");

    List<Task> placed = responses.stream().flatMap(r -> r.tasks().stream()).toList();
    assertEquals(12, placed.size(), "tasks placed");
    for (RunTaskResponse r : responses) {
      if (r.tasks().isEmpty()) {
        assertTrue(!r.failures().isEmpty() && r.failures().stream().allMatch(f -> f.reason().equals("RESOURCE:CPU")),
            "a caller that lost is told RESOURCE:CPU: " + r.failures());
      }
    }
    for (String arn : instances) {
      var instance = berth.describeInstance("cpu", arn);
      assertEquals(0, Berth.remaining(instance, "CPU"), "remaining CPU of " + arn);
      assertEquals(4, instance.runningTasksCount());
    }
    assertEquals(List.of(), berth.ledgerDrift("cpu"));
  }

  @Test
  void twoTasksWantingHostPort80NeverShareAnInstance() throws Exception {
    berth.createCluster("ports");
    for (int i = 0; i < 3; i++) {
      berth.registerInstance("ports", 8192, 65536, "22");
    }
    berth.ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(
        ContainerDefinition.builder().name("web").image("nginx").cpu(10).memory(16)
            .portMappings(PortMapping.builder().containerPort(80).hostPort(80).build()).build()));

    List<RunTaskResponse> responses = runConcurrently("ports", "web");

    List<Task> placed = responses.stream().flatMap(r -> r.tasks().stream()).toList();
    assertEquals(3, placed.size(), "one task per instance can hold port 80");
    Map<String, Integer> perInstance = new HashMap<>();
    placed.forEach(t -> perInstance.merge(t.containerInstanceArn(), 1, Integer::sum));
    assertEquals(3, perInstance.size());
    for (RunTaskResponse r : responses) {
      if (r.tasks().isEmpty()) {
        assertTrue(r.failures().stream().allMatch(f -> f.reason().equals("RESOURCE:PORTS")), r.failures().toString());
      }
    }
    assertEquals(List.of(), berth.ledgerDrift("ports"));
  }

  private static List<RunTaskResponse> runConcurrently(String cluster, String family) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<RunTaskResponse>> calls = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      calls.add(pool.submit(() -> {
        go.await();
        return berth.ecs.runTask(b -> b.cluster(cluster).taskDefinition(family).count(1));
      }));
    }
    go.countDown();
    List<RunTaskResponse> responses = new ArrayList<>();
    for (Future<RunTaskResponse> call : calls) {
      responses.add(call.get());
    }
    pool.shutdown();
    return responses;
  }
}
