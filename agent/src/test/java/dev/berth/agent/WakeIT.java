package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.AgentConnectionStore;
import dev.berth.store.AwsModule;
import dev.berth.store.DynamoAgentConnectionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An agent that polls only every ten minutes still starts and stops tasks within the test's patience
 * (a minute), because the agent channel wakes it: placements and stop requests reach it as a push.
 */
class WakeIT {
  @RegisterExtension
  static final RunningCluster BERTH = RunningCluster.start("it-wake");
  private static LocalCluster cluster;

  @BeforeAll
  static void setUp() throws Exception {
    cluster = BERTH.get();
  }

  @Test
  void aWokenAgentRunsAndStopsTasksLongBeforeItsNextPoll() throws Exception {
    Path dir = Files.createTempDirectory("berth-wake");
    cluster.ecs.createCluster(b -> b.clusterName("wake"));
    try (Agent agent = cluster.startAgent("wake", dir, Map.of("BERTH_AGENT_POLL_INTERVAL", "10m",
        "BERTH_AGENT_WAKE_URL", cluster.server.agentChannelUrl()))) {
      String arn = agent.containerInstanceArn();
      String id = arn.substring(arn.lastIndexOf('/') + 1);
      var connections = new DynamoAgentConnectionStore(AwsModule.dynamoDb(cluster.config, AwsModule.httpClient(),
          AwsModule.credentials()), cluster.config);
      LocalCluster.await("the agent's channel connected", () -> connections.get("wake", id, Instant.now()),
          java.util.Optional::isPresent);
      assertEquals(0, agent.wakeMessages());
      cluster.registerTaskDefinition("wake", LocalCluster.container("main", 64, "sleep", "300"));
      Task task = cluster.runTask("wake", "wake");
      cluster.awaitTask("wake", task.taskArn(), "task RUNNING", t -> t.lastStatus().equals("RUNNING"));
      assertTrue(agent.wakeMessages() >= 1, "the placement woke the agent");
      long before = agent.wakeMessages();
      cluster.ecs.stopTask(b -> b.cluster("wake").task(task.taskArn()));
      Task stopped = cluster.awaitStopped("wake", task.taskArn());
      assertEquals(143, stopped.containers().get(0).exitCode(), "stopped with SIGTERM by the woken agent");
      assertTrue(agent.wakeMessages() > before, "the stop request woke the agent");
    }
  }
}
