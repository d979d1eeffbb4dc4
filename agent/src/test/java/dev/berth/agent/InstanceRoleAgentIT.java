package dev.berth.agent;

import static dev.berth.agent.LocalCluster.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.config.AgentConfig;
import dev.berth.agent.config.Host;
import dev.berth.agent.ecs.EcsError;
import dev.berth.auth.sts.InstanceRoles;
import dev.berth.local.LocalBerth;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.EmulatorSts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An agent on an EC2 host with no Berth key: the host's role credentials (here a session of the
 * emulator's STS named after the instance, as an instance profile's is) prove it to Berth. A role the
 * operator allowed in the cluster registers as its EC2 instance and runs tasks; another is refused
 * and registers nothing.
 */
class InstanceRoleAgentIT {
  private static final String INSTANCE = "i-0abcdef0123456789";
  @RegisterExtension
  static final RunningCluster BERTH = RunningCluster.start("it-agent-role", LocalBerth.TEST_SETTINGS.withAgentRoles(
      InstanceRoles.parse("fleet=" + EmulatorSts.roleArn("berth-fleet-host"))));
  private static LocalCluster berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.ecs.createCluster(b -> b.clusterName("fleet"));
  }

  @Test
  void anAllowedRoleRegistersAsItsInstanceAndRunsTasks(@TempDir Path data) throws Exception {
    EmulatorSts.Session role = EmulatorSts.assumeRole("berth-fleet-host", INSTANCE);
    berth.registerTaskDefinition("on-ec2", container("main", 64, "sleep", "300"));
    try (Agent agent = start(data, role)) {
      var instance = berth.describeInstance("fleet", agent.containerInstanceArn());
      assertEquals(INSTANCE, instance.ec2InstanceId());
      assertEquals("ACTIVE", instance.status());
      Task task = berth.runTask("fleet", "on-ec2");
      berth.awaitTask("fleet", task.taskArn(), "task RUNNING", t -> t.lastStatus().equals("RUNNING"));
      berth.ecs.stopTask(b -> b.cluster("fleet").task(task.taskArn()));
      berth.awaitStopped("fleet", task.taskArn());
    }
  }

  @Test
  void aRoleThatIsNotAllowedIsRefusedAndRegistersNothing(@TempDir Path data) throws Exception {
    List<String> before = berth.ecs.listContainerInstances(b -> b.cluster("fleet")).containerInstanceArns();
    EmulatorSts.Session role = EmulatorSts.assumeRole("some-other-role", "i-0123456789abcdef0");
    EcsError refused = assertThrows(EcsError.class, () -> start(data, role).close());
    assertTrue(refused.is("AccessDeniedException"), refused.type() + ": " + refused.getMessage());
    assertEquals(before, berth.ecs.listContainerInstances(b -> b.cluster("fleet")).containerInstanceArns());
  }

  /** An agent whose only credentials are the role session's, with STS on the emulator. */
  private static Agent start(Path data, EmulatorSts.Session role) throws Exception {
    Map<String, String> env = berth.agentEnvironment("fleet", data, Map.of(
        "AWS_ACCESS_KEY_ID", role.accessKeyId(), "AWS_SECRET_ACCESS_KEY", role.secretAccessKey(),
        "AWS_SESSION_TOKEN", role.sessionToken(), "AWS_ENDPOINT_URL", Emulator.endpoint().toString()));
    env.remove("BERTH_BOOTSTRAP_ACCESS_KEY_ID");
    env.remove("BERTH_BOOTSTRAP_SECRET_ACCESS_KEY");
    return Agent.start(AgentConfig.from(env), env, new Host(2, 4096), Clock.systemUTC(), new Random(7));
  }
}
