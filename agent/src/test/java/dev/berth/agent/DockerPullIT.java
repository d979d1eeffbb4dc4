package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * ECS_IMAGE_PULL_BEHAVIOR against a real engine that reaches no registry: a locally built image
 * (present, never pulled) and one that exists nowhere, with each behaviour. Skipped without an
 * engine unless BERTH_REQUIRE_DOCKER=1.
 */
class DockerPullIT {

  @Test
  void eachPullBehaviourWithACachedAndAMissingImage(@TempDir Path data) throws Exception {
    RealDocker docker = RealDocker.require();
    try (LocalCluster berth = LocalCluster.start("it-agent-pull")) {
      berth.registerTaskDefinition("cached", DockerAgentIT.busybox("main", "true").build());
      berth.registerTaskDefinition("missing", DockerAgentIT.busybox("main", "true").image("berth/no-such-image:1").build());
      List<Agent> agents = new ArrayList<>();
      try {
        for (String behaviour : List.of("default", "always", "once", "prefer-cached")) {
          agents.add(berth.startAgent("pull-" + behaviour, data.resolve(behaviour), Map.of("BERTH_AGENT_RUNTIME",
              "docker", "DOCKER_HOST", docker.host, "ECS_IMAGE_PULL_BEHAVIOR", behaviour)));
        }
        // default: the pull fails, the cached image is used
        Task defaultCached = run(berth, "pull-default", "cached");
        assertEquals(0, defaultCached.containers().get(0).exitCode());
        assertNotNull(defaultCached.pullStartedAt());
        assertNotNull(defaultCached.pullStoppedAt());
        assertPullFailed(run(berth, "pull-default", "missing"));
        // always: a failed pull fails the task even with the image cached
        assertPullFailed(run(berth, "pull-always", "cached"));
        assertPullFailed(run(berth, "pull-always", "missing"));
        // once: pulls an image this agent has not pulled before, cached or not
        assertPullFailed(run(berth, "pull-once", "cached"));
        assertPullFailed(run(berth, "pull-once", "missing"));
        // prefer-cached: no pull at all when the image is cached
        Task preferCached = run(berth, "pull-prefer-cached", "cached");
        assertEquals(0, preferCached.containers().get(0).exitCode());
        assertNull(preferCached.pullStartedAt(), "nothing was pulled");
        assertPullFailed(run(berth, "pull-prefer-cached", "missing"));
      } finally {
        agents.forEach(Agent::close);
      }
    }
  }

  private static Task run(LocalCluster berth, String cluster, String family) {
    return berth.awaitStopped(cluster, berth.runTask(cluster, family).taskArn());
  }

  private static void assertPullFailed(Task task) {
    assertEquals("TaskFailedToStart", task.stopCodeAsString(), task.toString());
    String reason = task.containers().get(0).reason();
    assertTrue(reason.startsWith("CannotPullContainerError: "), reason);
    assertTrue(task.stoppedReason().startsWith("CannotPullContainerError: "), task.stoppedReason());
  }
}
