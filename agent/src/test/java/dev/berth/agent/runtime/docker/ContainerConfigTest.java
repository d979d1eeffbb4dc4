package dev.berth.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.task.ContainerOptions;
import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.PortMapping;
import dev.berth.agent.task.TaskSpec;
import dev.berth.agent.task.VolumeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a container definition becomes Docker's create call (no engine needed: the call is only filled in). */
class ContainerConfigTest {
  private static final String TASK = "arn:aws:ecs:us-east-1:0:task/demo/0123abcd";
  private static final DockerSettings SETTINGS = new DockerSettings(PullBehavior.DEFAULT, false, "http://localhost:4566");

  private static ContainerSpec web(ContainerOptions options) {
    return new ContainerSpec("web", "berth/busybox", List.of("/bin/sh", "-c"), List.of("httpd -f"),
        Map.of("MODE", "test"), 0, 128, 64, true, List.of(new PortMapping(80, 0, "tcp"), new PortMapping(53, 5353, "udp")),
        Duration.ofSeconds(5), options);
  }

  private static CreateContainerCmdImpl create(TaskSpec task, ContainerSpec c, DockerSettings settings)
      throws ContainerStartException {
    CreateContainerCmdImpl cmd = new CreateContainerCmdImpl(command -> {
      throw new AssertionError("the call is never sent");
    }, null, c.image());
    new ContainerConfig(settings).apply(cmd, task, c);
    return cmd;
  }

  @Test
  void aBridgeContainerGetsItsLimitsPortsLabelsAndLogs() throws Exception {
    ContainerOptions options = new ContainerOptions("nobody", "/srv", List.of(new ContainerOptions.Ulimit("nofile",
        1024, 2048)), true, false, Map.of("team", "web"), List.of("db:database"), List.of(),
        new ContainerOptions.HealthCheck(List.of("CMD-SHELL", "true"), Duration.ofSeconds(5), Duration.ofSeconds(2),
            3, Duration.ofSeconds(1)),
        List.of(new ContainerOptions.MountPoint("data", "/data", true)), List.of(),
        new ContainerOptions.LogConfiguration("awslogs", Map.of("awslogs-group", "g", "awslogs-stream-prefix", "p")));
    TaskSpec task = new TaskSpec(TASK, "site", 3, List.of(), "bridge",
        List.of(new VolumeSpec("data", "/srv/data", null)));
    var cmd = create(task, web(options), SETTINGS);
    assertEquals("ecs-site-3-web-0123abcd", cmd.getName());
    assertArrayEquals(new String[] {"/bin/sh", "-c"}, cmd.getEntrypoint());
    assertArrayEquals(new String[] {"MODE=test"}, cmd.getEnv());
    assertEquals("nobody", cmd.getUser());
    assertEquals("/srv", cmd.getWorkingDir());
    assertEquals(TASK, cmd.getLabels().get("com.amazonaws.ecs.task-arn"));
    assertEquals("web", cmd.getLabels().get("team"));
    assertEquals(5_000_000_000L, cmd.getHealthcheck().getInterval());
    var host = cmd.getHostConfig();
    assertEquals("bridge", host.getNetworkMode());
    assertEquals(128L * 1024 * 1024, host.getMemory());
    assertEquals(64L * 1024 * 1024, host.getMemoryReservation());
    assertEquals(2, host.getCpuShares(), "Docker's minimum");
    assertTrue(host.getReadonlyRootfs());
    assertEquals(2048L, host.getUlimits()[0].getHardLong());
    assertNull(host.getPortBindings().getBindings().get(ExposedPort.tcp(80))[0].getHostPortSpec(),
        "no host port: Docker picks one");
    assertEquals("5353", host.getPortBindings().getBindings().get(ExposedPort.udp(53))[0].getHostPortSpec());
    Bind bind = host.getBinds()[0];
    assertEquals("/srv/data", bind.getPath());
    assertEquals(AccessMode.ro, bind.getAccessMode());
    assertEquals("ecs-site-3-db-0123abcd", host.getLinks()[0].getName());
    assertEquals("database", host.getLinks()[0].getAlias());
    LogConfig log = host.getLogConfig();
    assertEquals(LogConfig.LoggingType.AWSLOGS, log.getType());
    assertEquals("p/web/0123abcd", log.getConfig().get("awslogs-stream"));
    assertNull(log.getConfig().get("awslogs-stream-prefix"));
    assertEquals("http://localhost:4566", log.getConfig().get("awslogs-endpoint"));
  }

  @Test
  void hostModePublishesNothingAndPrivilegedNeedsPermission() throws Exception {
    TaskSpec task = new TaskSpec(TASK, "site", 3, List.of(), "host", List.of());
    var cmd = create(task, web(ContainerOptions.NONE), SETTINGS);
    assertEquals("host", cmd.getHostConfig().getNetworkMode());
    assertNull(cmd.getHostConfig().getPortBindings());
    assertEquals(LogConfig.LoggingType.JSON_FILE, cmd.getHostConfig().getLogConfig().getType());

    ContainerOptions privileged = new ContainerOptions(null, null, List.of(), false, true, Map.of(), List.of(),
        List.of(), null, List.of(), List.of(), null);
    ContainerStartException refused = assertThrows(ContainerStartException.class,
        () -> create(task, web(privileged), SETTINGS));
    assertTrue(refused.getMessage().startsWith("CannotCreateContainerError: privileged"), refused.getMessage());
    var allowed = create(task, web(privileged), new DockerSettings(PullBehavior.DEFAULT, true, null));
    assertTrue(allowed.getHostConfig().getPrivileged());
  }
}
