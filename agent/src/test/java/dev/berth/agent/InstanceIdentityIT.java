package dev.berth.agent;

import static dev.berth.agent.LocalCluster.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.instances.InstanceHealth;
import dev.berth.functions.reconciler.ReconcilerComponent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Who the agent is to the control plane: what it registers (two agents of different sizes on one
 * machine), that a restarted agent is the same instance and still runs its tasks, and that an agent
 * whose instance was declared lost registers again as a new one.
 */
class InstanceIdentityIT {
  @RegisterExtension
  static final RunningCluster BERTH = RunningCluster.start("it-agent-identity");
  private static LocalCluster berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
  }

  @Test
  void twoAgentsRegisterTheirOwnResourcesAndAttributes(@TempDir Path one, @TempDir Path two) throws Exception {
    // the cluster does not exist yet: the first agent creates it, as the ECS agent does
    try (Agent small = berth.startAgent("pair", one, Map.of("BERTH_AGENT_CPU", "1024", "BERTH_AGENT_MEMORY", "2048",
            "ECS_RESERVED_MEMORY", "256", "ECS_INSTANCE_ATTRIBUTES", "{\"stack\":\"blue\"}"));
        Agent large = berth.startAgent("pair", two, Map.of("BERTH_AGENT_CPU", "4096", "BERTH_AGENT_MEMORY", "8192",
            "ECS_RESERVED_PORTS", "[22, 8080]", "ECS_RESERVED_PORTS_UDP", "[53]"))) {
      assertNotEquals(small.containerInstanceArn(), large.containerInstanceArn());
      assertEquals(Set.copyOf(List.of(small.containerInstanceArn(), large.containerInstanceArn())),
          Set.copyOf(berth.ecs.listContainerInstances(b -> b.cluster("pair")).containerInstanceArns()));

      ContainerInstance s = berth.describeInstance("pair", small.containerInstanceArn());
      assertEquals("ACTIVE", s.status());
      assertTrue(s.agentConnected());
      assertEquals(1024, LocalCluster.integer(s.registeredResources(), "CPU"));
      assertEquals(2048 - 256, LocalCluster.integer(s.registeredResources(), "MEMORY"));
      assertEquals(Set.of("22", "2375", "2376", "51678", "51679"),
          Set.copyOf(LocalCluster.stringSet(s.registeredResources(), "PORTS")));
      assertEquals(List.of(), LocalCluster.stringSet(s.registeredResources(), "PORTS_UDP"));
      assertEquals("linux", attribute(s, "ecs.os-type"));
      assertEquals("blue", attribute(s, "stack"));
      assertEquals("process", s.versionInfo().dockerVersion());

      ContainerInstance l = berth.describeInstance("pair", large.containerInstanceArn());
      assertEquals(4096, LocalCluster.integer(l.registeredResources(), "CPU"));
      assertEquals(8192, LocalCluster.integer(l.registeredResources(), "MEMORY"));
      assertEquals(Set.of("22", "8080"), Set.copyOf(LocalCluster.stringSet(l.registeredResources(), "PORTS")));
      assertEquals(List.of("53"), LocalCluster.stringSet(l.registeredResources(), "PORTS_UDP"));
      assertEquals(null, attribute(l, "stack"));
    }
  }

  @Test
  void aRestartedAgentIsTheSameInstanceAndStillRunsItsTasks(@TempDir Path data) throws Exception {
    berth.registerTaskDefinition("kept", container("main", 64, "sleep", "300"));
    String arn;
    Task task;
    long pid;
    try (Agent first = berth.startAgent("restart", data, Map.of())) {
      arn = first.containerInstanceArn();
      task = berth.runTask("restart", "kept");
      Task running = berth.awaitTask("restart", task.taskArn(), "task RUNNING", t -> t.lastStatus().equals("RUNNING"));
      pid = Long.parseLong(running.containers().get(0).runtimeId().split("@")[0]);
    }
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "stopping the agent leaves its containers running");

    try (Agent second = berth.startAgent("restart", data, Map.of())) {
      assertEquals(arn, second.containerInstanceArn());
      assertEquals(List.of(arn), berth.ecs.listContainerInstances(b -> b.cluster("restart")).containerInstanceArns());
      berth.ecs.stopTask(b -> b.cluster("restart").task(task.taskArn()));
      Task stopped = berth.awaitStopped("restart", task.taskArn());
      assertTrue(stopped.containers().get(0).reason().contains("earlier run of the agent"),
          stopped.containers().get(0).reason());
      LocalCluster.await("the adopted process to end", () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive),
          alive -> !alive.orElse(false));
    }
  }

  @Test
  void anAgentWhoseInstanceWasLostRegistersAgainAsANewInstance(@TempDir Path data) throws Exception {
    String after;
    try (Agent agent = berth.startAgent("lost", data, Map.of())) {
      String before = agent.containerInstanceArn();
      List<String> swept = healthAt(Instant.now().plusSeconds(3600)).detectMissing("lost");
      assertFalse(swept.isEmpty(), "missing-instance detection declared the instance lost");
      assertEquals("INACTIVE", berth.describeInstance("lost", before).status());

      after = LocalCluster.await("a new registration", agent::containerInstanceArn, arn -> !arn.equals(before));
      ContainerInstance fresh = berth.describeInstance("lost", after);
      assertEquals("ACTIVE", fresh.status());
      assertTrue(fresh.agentConnected());
      assertEquals(List.of(after), berth.ecs.listContainerInstances(b -> b.cluster("lost")).containerInstanceArns());
    }
    try (Agent restarted = berth.startAgent("lost", data, Map.of())) {
      assertEquals(after, restarted.containerInstanceArn(), "the state file holds the new instance");
    }
  }

  /** Berth's missing-instance detection at a chosen time, as the reconciler will run it. */
  private static InstanceHealth healthAt(Instant now) {
    return ReconcilerComponent.create(berth.config, Clock.fixed(now, ZoneOffset.UTC)).health();
  }

  private static String attribute(ContainerInstance instance, String name) {
    return instance.attributes().stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst()
        .orElse(null);
  }
}
