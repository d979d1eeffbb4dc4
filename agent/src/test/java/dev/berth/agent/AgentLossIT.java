package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.Config;
import dev.berth.core.ledger.LedgerAudit;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.functions.reconciler.SweepHandler;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.testing.Emulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Services on real agents running their tasks as processes. When one of two agents goes away, its
 * instance is disconnected, then lost, and the service's task comes back on the other agent (Berth
 * here counts an agent lost after 8 s of silence instead of ten minutes, so the test does not wait
 * long). When a task's process is killed, the service starts another.
 */
class AgentLossIT {
  @RegisterExtension
  static final RunningCluster BERTH = RunningCluster.start("it-agent-loss",
      new Config.Health(Duration.ofSeconds(1), 3, Duration.ofSeconds(8)));
  private static LocalCluster berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.registerTaskDefinition("long", LocalCluster.container("main", 64, "sleep", "120"));
  }

  private static List<Task> running(String cluster) {
    var arns = berth.ecs.listTasks(b -> b.cluster(cluster).serviceName("web")).taskArns();
    return arns.isEmpty() ? List.of() : berth.ecs.describeTasks(b -> b.cluster(cluster).tasks(arns)).tasks().stream()
        .filter(t -> "RUNNING".equals(t.lastStatus())).toList();
  }

  @Test
  void aLostAgentsServiceTaskComesBackOnTheOtherAgent(@TempDir Path one, @TempDir Path two) throws Exception {
    berth.ecs.createCluster(b -> b.clusterName("loss"));
    Agent survivor = berth.startAgent("loss", two, Map.of());
    String lostArn;
    try (Agent doomed = berth.startAgent("loss", one, Map.of())) {
      lostArn = doomed.containerInstanceArn();
      berth.ecs.createService(b -> b.cluster("loss").serviceName("web").taskDefinition("long").desiredCount(2));
      List<Task> both = LocalCluster.await("two RUNNING service tasks", () -> running("loss"), l -> l.size() == 2);
      assertEquals(2, both.stream().map(Task::containerInstanceArn).distinct().count(), "spread over both agents");
    } // the agent stops reporting in; its container keeps running on the host, as with the ECS agent
    try (survivor) {
      SweepHandler sweep = new SweepHandler(berth.config, Clock.systemUTC());
      var lost = LocalCluster.await("the silent instance lost", () -> {
        sweep.handle(null); // the minute's sweep, run more often here
        return berth.describeInstance("loss", lostArn);
      }, ci -> "INACTIVE".equals(ci.status()));
      assertEquals(false, lost.agentConnected());

      List<Task> after = LocalCluster.await("the service back at two RUNNING tasks",
          () -> running("loss"), l -> l.size() == 2);
      assertTrue(after.stream().allMatch(t -> t.containerInstanceArn().equals(survivor.containerInstanceArn())),
          "both now on the surviving agent");
      assertEquals(List.of(), new LedgerAudit(new DynamoContainerInstanceStore(Emulator.dynamo(), berth.config),
          new DynamoTaskStore(Emulator.dynamo(), berth.config), Clock.systemUTC()).check("loss"));
    }
  }

  @Test
  void aServiceReplacesATaskWhoseProcessWasKilled(@TempDir Path data) throws Exception {
    berth.ecs.createCluster(b -> b.clusterName("kill"));
    try (Agent agent = berth.startAgent("kill", data, Map.of())) {
      berth.ecs.createService(b -> b.cluster("kill").serviceName("web").taskDefinition("long").desiredCount(1));
      Task first = LocalCluster.await("a RUNNING service task", () -> running("kill"), l -> l.size() == 1).get(0);
      String runtimeId = first.containers().get(0).runtimeId(); // the process runtime's "<pid>@<start>"
      long pid = Long.parseLong(runtimeId.substring(0, runtimeId.indexOf('@')));
      assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "killed " + pid);

      Task stopped = berth.awaitStopped("kill", first.taskArn());
      assertEquals("EssentialContainerExited", stopped.stopCodeAsString());
      Task replacement = LocalCluster.await("a replacement RUNNING", () -> running("kill"),
          l -> l.size() == 1 && !l.get(0).taskArn().equals(first.taskArn())).get(0);
      assertEquals(agent.containerInstanceArn(), replacement.containerInstanceArn());
    }
  }
}
