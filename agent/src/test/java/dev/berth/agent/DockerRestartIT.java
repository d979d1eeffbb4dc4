package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The agent, as its own process, killed with SIGKILL while a task's two containers run: the
 * containers keep running; while it is away the non-essential one exits; the restarted agent
 * re-attaches to both by their Docker ids, reports the exit it missed, starts no second copy, and
 * still stops the task when told to. Skipped without an engine unless BERTH_REQUIRE_DOCKER=1.
 */
class DockerRestartIT {
  static final String CLUSTER = "restarted";

  @Test
  void aKilledAgentReattachesToItsContainers(@TempDir Path data) throws Exception {
    RealDocker docker = RealDocker.require();
    try (LocalCluster berth = LocalCluster.start("it-agent-restart")) {
      berth.registerTaskDefinition("pair",
          DockerAgentIT.busybox("main", "sleep", "600").stopTimeout(2).build(),
          DockerAgentIT.busybox("brief", "sh", "-c", "sleep 6; exit 5").essential(false).build());
      Process first = agentProcess(berth, docker, data, "first");
      Task task;
      Task running;
      try {
        LocalCluster.await("the agent registered", () -> instances(berth), n -> n == 1);
        task = berth.runTask(CLUSTER, "pair");
        running = berth.awaitTask(CLUSTER, task.taskArn(), "RUNNING", t -> t.lastStatus().equals("RUNNING"));
      } finally {
        first.destroyForcibly(); // SIGKILL
        first.waitFor(10, TimeUnit.SECONDS);
      }
      String mainId = DockerAgentIT.container(running, "main").runtimeId();
      String briefId = DockerAgentIT.container(running, "brief").runtimeId();
      assertTrue(docker.client.inspectContainerCmd(mainId).exec().getState().getRunning(), "main outlives the agent");
      LocalCluster.await("brief exits while the agent is away",
          () -> docker.client.inspectContainerCmd(briefId).exec().getState().getRunning(), r -> !r);

      Process second = agentProcess(berth, docker, data, "second");
      try {
        Task caughtUp = berth.awaitTask(CLUSTER, task.taskArn(), "brief reported STOPPED",
            t -> DockerAgentIT.container(t, "brief").lastStatus().equals("STOPPED"));
        assertEquals("RUNNING", caughtUp.lastStatus());
        assertEquals(5, DockerAgentIT.container(caughtUp, "brief").exitCode());
        assertEquals(mainId, DockerAgentIT.container(caughtUp, "main").runtimeId());
        var copies = docker.client.listContainersCmd().withShowAll(true)
            .withLabelFilter(Map.of("com.amazonaws.ecs.task-arn", task.taskArn())).exec();
        assertEquals(2, copies.size(), "no second copy: " + copies);
        assertEquals(1, instances(berth), "the same container instance");

        berth.ecs.stopTask(b -> b.cluster(CLUSTER).task(task.taskArn()));
        Task stopped = berth.awaitStopped(CLUSTER, task.taskArn());
        Container main = DockerAgentIT.container(stopped, "main");
        assertEquals(137, main.exitCode(), "sleep as PID 1 ignores SIGTERM; SIGKILL after 2 s");
        assertEquals(5, DockerAgentIT.container(stopped, "brief").exitCode());
        LocalCluster.await("containers removed", () -> DockerAgentIT.gone(docker, mainId)
            && DockerAgentIT.gone(docker, briefId), g -> g);
      } finally {
        second.destroy();
        second.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int instances(LocalCluster berth) {
    try {
      return berth.ecs.listContainerInstances(b -> b.cluster(CLUSTER)).containerInstanceArns().size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** The agent in a JVM of its own, with this test's class path, logging to data/agent-name.log. */
  private static Process agentProcess(LocalCluster berth, RealDocker docker, Path data, String name) throws Exception {
    Map<String, String> env = berth.agentEnvironment(CLUSTER, data.resolve("agent"),
        Map.of("BERTH_AGENT_RUNTIME", "docker", "DOCKER_HOST", docker.host));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Agent.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Files.createDirectories(data).resolve("agent-" + name + ".log").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }
}
