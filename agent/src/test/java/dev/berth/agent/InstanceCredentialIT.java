package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.functions.endpoint.Endpoints;
import dev.berth.local.LocalBerth;
import dev.berth.store.AuditStore;
import dev.berth.store.testing.Emulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An agent works only with its instance's own short-lived credential, and renews it with the
 * credential itself before it expires, without stopping: here a credential lives 8 seconds, and a
 * task that runs for 20 still reports every state.
 */
class InstanceCredentialIT {
  @TempDir
  Path dataDir;

  @Test
  void theCredentialIsRenewedWhileTheAgentRunsItsTask() throws Exception {
    Endpoints.Settings shortLived = LocalBerth.TEST_SETTINGS.withAgentCredentialLifetime(Duration.ofSeconds(8));
    try (LocalCluster berth = LocalCluster.start("it-agent-credentials", shortLived)) {
      berth.ecs.createCluster(b -> b.clusterName("renew"));
      Instant started = Instant.now();
      Agent agent = berth.startAgent("renew", dataDir, Map.of());
      try {
        berth.registerTaskDefinition("long", LocalCluster.container("main", 32, "sleep", "20"));
        Task task = berth.runTask("renew", "long");
        Task stopped = berth.awaitStopped("renew", task.taskArn());
        assertEquals(0, stopped.containers().get(0).exitCode(), "every report of the task was accepted");
        assertEquals("ACTIVE", berth.describeInstance("renew", agent.containerInstanceArn()).status(),
            "the instance is still the same, active one");
        // in the audit trail: the first credential came from the bootstrap key, renewals from the agent itself
        var renewals = new AuditStore(Emulator.dynamo(), berth.config).lookup(started.minusSeconds(60),
            Instant.now().plusSeconds(60), new AuditStore.Filter("EventName", "AssumeInstanceIdentity"), 50, null);
        long byAgent = renewals.entries().stream().filter(e -> e.document().contains("\"type\":\"BerthAgent\"")).count();
        long byBootstrap = renewals.entries().stream().filter(e -> e.username().equals("berth-agent-bootstrap")).count();
        assertEquals(1, byBootstrap, renewals.entries().toString());
        assertTrue(byAgent >= 2, "renewed with its own credential at least twice: " + byAgent);
      } finally {
        agent.close();
      }
    }
  }
}
