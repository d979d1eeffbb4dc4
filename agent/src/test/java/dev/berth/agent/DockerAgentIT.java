package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.runtime.docker.FakeDockerEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An agent with the Docker runtime, against a fake of the Engine API and a local Berth: a task runs
 * as a container whose id and port bindings reach the control plane, and StopTask stops and removes
 * it with the container's stop timeout.
 */
class DockerAgentIT {

  @Test
  void aTaskRunsAsADockerContainerAndStopTaskStopsIt(@TempDir Path data, @TempDir Path sockets) throws Exception {
    try (LocalCluster berth = LocalCluster.start("it-agent-docker");
        FakeDockerEngine engine = new FakeDockerEngine(sockets);
        Agent agent = berth.startAgent("docked", data, Map.of("BERTH_AGENT_RUNTIME", "docker",
            "DOCKER_HOST", "unix://" + engine.socket))) {
      assertEquals("DockerVersion: 24.0.7",
          berth.describeInstance("docked", agent.containerInstanceArn()).versionInfo().dockerVersion());
      berth.registerTaskDefinition("web", ContainerDefinition.builder().name("web").image("nginx:1.25").cpu(512)
          .memory(256).stopTimeout(9).environment(e -> e.name("MODE").value("test"))
          .portMappings(PortMapping.builder().containerPort(80).hostPort(8080).build()).build());
      Task task = berth.runTask("docked", "web");
      Task running = berth.awaitTask("docked", task.taskArn(), "task RUNNING", t -> t.lastStatus().equals("RUNNING"));
      String id = running.containers().get(0).runtimeId();
      assertEquals(64, id.length(), id);
      assertEquals(List.of(NetworkBinding.builder().bindIP("0.0.0.0").containerPort(80).hostPort(8080)
          .protocol("tcp").build()), running.containers().get(0).networkBindings());
      var create = engine.last("POST", "/containers/create").body();
      assertEquals("nginx:1.25", create.path("Image").asText());
      assertEquals("MODE=test", create.path("Env").path(0).asText());
      assertEquals(256L * 1024 * 1024, create.path("HostConfig").path("Memory").asLong());
      assertEquals(512, create.path("HostConfig").path("CpuShares").asInt());

      berth.ecs.stopTask(b -> b.cluster("docked").task(task.taskArn()));
      Task stopped = berth.awaitStopped("docked", task.taskArn());
      assertEquals(143, stopped.containers().get(0).exitCode());
      assertEquals("9", engine.last("POST", "/stop").query().get("t"));
      LocalCluster.await("the container removed", engine::lines,
          lines -> lines.contains("DELETE /v1.41/containers/" + id));
      assertTrue(engine.lines().indexOf("POST /v1.41/containers/" + id + "/stop")
          > engine.lines().indexOf("POST /v1.41/containers/" + id + "/start"));
    }
  }
}
