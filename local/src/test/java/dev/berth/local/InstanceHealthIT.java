package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.instances.InstanceHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * Heartbeats through the endpoint and the missing-instance sweep: a silent agent is disconnected
 * (no placements, reason AGENT), comes back with a heartbeat, and once silent past the lost-after
 * period its instance goes INACTIVE, its tasks STOPPED and their resources released; its agent is
 * then told to register again.
 */
class InstanceHealthIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-health");
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.ecs.registerTaskDefinition(b -> b.family("watched").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(256).memory(128).build()));
  }

  /** The sweep as the scheduled reconciler will run it, at a chosen time. */
  private static InstanceHealth healthAt(Instant now) {
    return berth.reconcilerAt(Clock.fixed(now, ZoneOffset.UTC)).health();
  }

  private static HttpResponse<String> heartbeat(String cluster, String instanceArn) throws Exception {
    return berth.heartbeat(cluster, instanceArn);
  }

  @Test
  void aSilentAgentIsDisconnectedThenLostAndItsTasksAreReleased() throws Exception {
    berth.createCluster("health");
    String arn = berth.registerInstance("health", 1024, 1024);
    var task = berth.ecs.runTask(b -> b.cluster("health").taskDefinition("watched")).tasks().get(0);
    HttpResponse<String> ok = heartbeat("health", arn);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(30, JSON.readTree(ok.body()).path("heartbeatIntervalSeconds").asInt());
    Instant start = Instant.now();

    assertEquals(List.of(), healthAt(start.plusSeconds(60)).detectMissing("health"), "two missed intervals are tolerated");
    assertEquals(1, healthAt(start.plusSeconds(120)).detectMissing("health").size());
    assertFalse(berth.describeInstance("health", arn).agentConnected());
    var refused = berth.ecs.runTask(b -> b.cluster("health").taskDefinition("watched"));
    assertEquals("AGENT", refused.failures().get(0).reason());

    JsonNode back = JSON.readTree(heartbeat("health", arn).body());
    assertTrue(back.path("agentConnected").asBoolean(), "a heartbeat reconnects the agent");
    assertTrue(berth.describeInstance("health", arn).agentConnected());

    List<String> lost = healthAt(Instant.now().plusSeconds(601)).detectMissing("health");
    assertEquals(2, lost.size(), lost.toString());
    var instance = berth.describeInstance("health", arn);
    assertEquals("INACTIVE", instance.status());
    assertEquals(1024, Berth.remaining(instance, "CPU"), "the lost instance's task gave its resources back");
    var stopped = berth.ecs.describeTasks(b -> b.cluster("health").tasks(task.taskArn())).tasks().get(0);
    assertEquals("STOPPED", stopped.lastStatus());
    assertEquals("TerminationNotice", stopped.stopCodeAsString());
    assertTrue(stopped.stoppedReason().contains("lost"), stopped.stoppedReason());
    assertEquals(List.of(), berth.ledgerDrift("health"));

    HttpResponse<String> told = heartbeat("health", arn);
    assertEquals(400, told.statusCode());
    assertEquals("InactiveInstanceException", JSON.readTree(told.body()).path("__type").asText());
    assertEquals(List.of(), healthAt(Instant.now().plusSeconds(1200)).detectMissing("health"), "a lost instance stays lost");
  }
}
