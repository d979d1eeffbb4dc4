package dev.berth.agent;

import static dev.berth.agent.LocalCluster.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.runtime.process.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Tasks run by one agent with the process runtime, through a local Berth: a task that runs to its
 * end, StopTask (SIGTERM, and SIGKILL after the stop timeout), an essential container that exits,
 * a command that does not exist, and the memory limit.
 */
class TaskLifecycleIT {
  private static final String CLUSTER = "life";
  @RegisterExtension
  static final RunningCluster BERTH = RunningCluster.start("it-agent-tasks");
  private static LocalCluster berth;
  private static Agent agent;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    agent = berth.startAgent(CLUSTER, dataDir, Map.of("ECS_CONTAINER_STOP_TIMEOUT", "10s"));
  }

  @Test
  void aShortTaskGoesFromPendingThroughRunningToStopped() {
    berth.registerTaskDefinition("short", container("main", 64, "sh", "-c", "sleep 2"));
    Task task = berth.runTask(CLUSTER, "short");
    assertEquals("PENDING", task.lastStatus());
    List<String> seen = new ArrayList<>();
    Task stopped = berth.awaitTask(CLUSTER, task.taskArn(), "task STOPPED", t -> {
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(t.lastStatus())) {
        seen.add(t.lastStatus());
      }
      return t.lastStatus().equals("STOPPED");
    });
    assertTrue(List.of("PENDING", "RUNNING", "STOPPED").containsAll(seen) && isOrdered(seen), seen.toString());
    assertNotNull(stopped.startedAt(), "the agent reported RUNNING before STOPPED");
    assertEquals("EssentialContainerExited", stopped.stopCodeAsString());
    assertEquals(agent.containerInstanceArn(), stopped.containerInstanceArn());
    Container main = stopped.containers().get(0);
    assertEquals(0, main.exitCode());
    assertNotNull(main.runtimeId());
    var instance = LocalCluster.await("resources back",
        () -> berth.describeInstance(CLUSTER, agent.containerInstanceArn()),
        ci -> LocalCluster.integer(ci.remainingResources(), "CPU") == 2048);
    assertEquals(4096, LocalCluster.integer(instance.remainingResources(), "MEMORY"));
    assertTrue(Files.exists(dataDir.resolve("tasks").resolve(taskId(task)).resolve("main.log")));
  }

  @Test
  void stopTaskSendsSigtermAndRecordsItsExitCode() {
    berth.registerTaskDefinition("long", container("main", 64, "sleep", "300"));
    Task task = berth.runTask(CLUSTER, "long");
    berth.awaitTask(CLUSTER, task.taskArn(), "task RUNNING", t -> t.lastStatus().equals("RUNNING"));
    berth.ecs.stopTask(b -> b.cluster(CLUSTER).task(task.taskArn()).reason("enough"));
    Task stopped = berth.awaitStopped(CLUSTER, task.taskArn());
    assertEquals(143, stopped.containers().get(0).exitCode(), "128 + SIGTERM");
    assertEquals("UserInitiated", stopped.stopCodeAsString());
    assertEquals("enough", stopped.stoppedReason());
  }

  @Test
  void aContainerThatIgnoresSigtermIsKilledAfterItsStopTimeout() {
    berth.registerTaskDefinition("stubborn", ContainerDefinition.builder().name("main").image("busybox").cpu(128)
        .memory(64).stopTimeout(2).command("sh", "-c", "trap '' TERM; sleep 300").build());
    Task task = berth.runTask(CLUSTER, "stubborn");
    Task running = berth.awaitTask(CLUSTER, task.taskArn(), "task RUNNING", t -> t.lastStatus().equals("RUNNING"));
    long pid = Long.parseLong(running.containers().get(0).runtimeId().split("@")[0]);
    berth.ecs.stopTask(b -> b.cluster(CLUSTER).task(task.taskArn()));
    Task stopped = berth.awaitStopped(CLUSTER, task.taskArn());
    assertEquals(137, stopped.containers().get(0).exitCode(), "128 + SIGKILL");
    assertEquals(List.of(), processGroup(pid), "the container's sleep went with it");
  }

  @Test
  void anEssentialContainerExitingStopsTheWholeTask() {
    berth.registerTaskDefinition("pair",
        container("main", 64, "sh", "-c", "sleep 1; exit 3"),
        ContainerDefinition.builder().name("sidecar").image("busybox").cpu(128).memory(64).essential(false)
            .command("sleep", "300").build());
    Task task = berth.runTask(CLUSTER, "pair");
    Task stopped = berth.awaitStopped(CLUSTER, task.taskArn());
    assertEquals("EssentialContainerExited", stopped.stopCodeAsString());
    assertEquals(3, named(stopped, "main").exitCode());
    assertEquals(143, named(stopped, "sidecar").exitCode(), "the sidecar was stopped with SIGTERM");
  }

  @Test
  void aCommandThatDoesNotExistFailsTheTaskBeforeItStarts() {
    berth.registerTaskDefinition("broken", container("main", 64, "no-such-command-anywhere", "--flag"));
    Task task = berth.runTask(CLUSTER, "broken");
    Task stopped = berth.awaitStopped(CLUSTER, task.taskArn());
    assertEquals("TaskFailedToStart", stopped.stopCodeAsString());
    assertTrue(stopped.stoppedReason().contains("\"no-such-command-anywhere\": executable file not found"),
        stopped.stoppedReason());
    assertNull(stopped.startedAt(), "it never ran");
    assertNull(stopped.containers().get(0).exitCode());
  }

  @Test
  void aContainerCannotAllocatePastItsMemoryLimit() {
    assumeTrue(ProcessLauncher.detect(System.getenv("PATH")).limitsMemory(), "no prlimit or /bin/sh on this host");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/awk")), "the test allocates with awk");
    // doubles a string to 128 Mi characters: far past 64 MiB, well within 1024 MiB
    String program = "BEGIN { s = \"x\"; while (length(s) < 100000000) s = s s; print length(s) }";
    berth.registerTaskDefinition("hungry", container("main", 64, "/usr/bin/awk", program));
    berth.registerTaskDefinition("fed", container("main", 1024, "/usr/bin/awk", program));
    Task hungry = berth.runTask(CLUSTER, "hungry");
    Task fed = berth.runTask(CLUSTER, "fed");
    assertNotEquals(0, berth.awaitStopped(CLUSTER, hungry.taskArn()).containers().get(0).exitCode(),
        "64 MiB is not enough");
    assertEquals(0, berth.awaitStopped(CLUSTER, fed.taskArn()).containers().get(0).exitCode(),
        "the same program runs with room");
  }

  private static Container named(Task task, String name) {
    return task.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static String taskId(Task task) {
    return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
  }

  private static boolean isOrdered(List<String> statuses) {
    List<String> order = List.of("PENDING", "RUNNING", "STOPPED");
    for (int i = 1; i < statuses.size(); i++) {
      if (order.indexOf(statuses.get(i)) < order.indexOf(statuses.get(i - 1))) {
        return false;
      }
    }
    return true;
  }

  /** The live processes of process group {@code pgid}, from /proc. */
  static List<Long> processGroup(long pgid) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          return !fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid;
        } catch (IOException | RuntimeException gone) {
          return false;
        }
      }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
