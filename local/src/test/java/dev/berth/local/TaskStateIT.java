package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerStateChange;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A task's state changes, each submitted 1-3 times in a shuffled order through the ECS endpoint,
 * then applied from the task-state queue: the final state is right and the reservation is
 * released exactly once.
 */
class TaskStateIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-task-state");
  private static Berth berth;
  private static String instance;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("states");
    instance = berth.registerInstance("states", 4096, 8192, "22");
    berth.ecs.registerTaskDefinition(b -> b.family("pair").containerDefinitions(
        ContainerDefinition.builder().name("app").image("app").cpu(512).memory(256)
            .portMappings(PortMapping.builder().containerPort(8080).hostPort(8080).build()).build(),
        ContainerDefinition.builder().name("sidecar").image("proxy").cpu(256).memoryReservation(128)
            .essential(false).build()));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void duplicatedAndShuffledStateChangesGiveTheRightFinalStateAndOneRelease(long seed) {
    Task task = berth.ecs.runTask(b -> b.cluster("states").taskDefinition("pair")).tasks().get(0);
    assertEquals(4096 - 768, Berth.remaining(berth.describeInstance("states", instance), "CPU"));

    List<Runnable> changes = new ArrayList<>();
    changes.add(() -> berth.ecs.submitContainerStateChange(b -> b.cluster("states").task(task.taskArn())
        .containerName("app").status("RUNNING").runtimeId("docker-app")));
    changes.add(() -> berth.ecs.submitContainerStateChange(b -> b.cluster("states").task(task.taskArn())
        .containerName("sidecar").status("RUNNING")));
    changes.add(() -> berth.ecs.submitTaskStateChange(b -> b.cluster("states").task(task.taskArn()).status("RUNNING")
        .containers(container("app", "RUNNING", null), container("sidecar", "RUNNING", null))));
    changes.add(() -> berth.ecs.submitContainerStateChange(b -> b.cluster("states").task(task.taskArn())
        .containerName("app").status("STOPPED").exitCode(0)));
    changes.add(() -> berth.ecs.submitTaskStateChange(b -> b.cluster("states").task(task.taskArn()).status("STOPPED")
        .reason("Essential container in task exited")
        .containers(container("app", "STOPPED", 0), container("sidecar", "STOPPED", 137))));

    Random random = new Random(seed);
    List<Runnable> deliveries = new ArrayList<>();
    for (Runnable change : changes) {
      int copies = 1 + random.nextInt(3);
      for (int i = 0; i < copies; i++) {
        deliveries.add(change);
      }
    }
    Collections.shuffle(deliveries, random);
    deliveries.forEach(Runnable::run);
    assertEquals(deliveries.size(), berth.drainTaskStateQueue(), "every acknowledged change was applied");

    Task after = berth.ecs.describeTasks(b -> b.cluster("states").tasks(task.taskArn())).tasks().get(0);
    assertEquals("STOPPED", after.lastStatus());
    assertEquals("STOPPED", after.desiredStatus());
    assertTrue(List.of("EssentialContainerExited", "TaskFailedToStart").contains(after.stopCodeAsString()));
    assertEquals(0, exitCode(after, "app"));
    assertEquals(137, exitCode(after, "sidecar"));
    assertTrue(after.containers().stream().allMatch(c -> c.lastStatus().equals("STOPPED")));

    var instanceAfter = berth.describeInstance("states", instance);
    assertEquals(4096, Berth.remaining(instanceAfter, "CPU"), "CPU released exactly once");
    assertEquals(8192, Berth.remaining(instanceAfter, "MEMORY"), "memory released exactly once");
    assertEquals(List.of("22"), instanceAfter.remainingResources().stream()
        .filter(r -> r.name().equals("PORTS")).findFirst().orElseThrow().stringSetValue());
    assertEquals(List.of(), berth.ledgerDrift("states"));
  }

  private static ContainerStateChange container(String name, String status, Integer exitCode) {
    return ContainerStateChange.builder().containerName(name).status(status).exitCode(exitCode).build();
  }

  private static int exitCode(Task task, String container) {
    return task.containers().stream().filter(c -> c.name().equals(container)).findFirst().orElseThrow().exitCode();
  }
}
