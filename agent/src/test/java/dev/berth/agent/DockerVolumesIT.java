package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.Scope;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.Volume;

/**
 * Task volumes on a real engine: an empty task-scoped volume shared through volumesFrom and removed
 * with its task, a shared named volume that keeps a file from one task to the next, a read-only
 * mount, and a host bind mount. Skipped without an engine unless BERTH_REQUIRE_DOCKER=1.
 */
class DockerVolumesIT {
  static final String CLUSTER = "volumes";
  private static RealDocker docker;
  @RegisterExtension
  static final RunningCluster BERTH = RunningCluster.start("it-agent-volumes");
  private static LocalCluster berth;
  private static Agent agent;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void setUp() throws Exception {
    docker = RealDocker.require();
    berth = BERTH.get();
    agent = berth.startAgent(CLUSTER, dataDir, Map.of("BERTH_AGENT_RUNTIME", "docker", "DOCKER_HOST", docker.host));
  }

  private static Task run(String family) {
    return berth.awaitStopped(CLUSTER, berth.runTask(CLUSTER, family).taskArn());
  }

  @Test
  void aTaskScopedVolumeReachesAnotherContainerThroughVolumesFromAndGoesWithItsTask() {
    berth.ecs.registerTaskDefinition(b -> b.family("scratch").volumes(Volume.builder().name("scratch").build())
        .containerDefinitions(
            DockerAgentIT.busybox("writer", "sh", "-c", "echo written > /data/hello; sleep 600").stopTimeout(1)
                .mountPoints(m -> m.sourceVolume("scratch").containerPath("/data")).build(),
            DockerAgentIT.busybox("reader", "sh", "-c", "for i in $(seq 1 50); do grep -q written /data/hello "
                + "&& break; sleep 0.2; done; grep -q written /data/hello || exit 1; "
                + "touch /data/other 2>/dev/null && exit 2; exit 0")
                .volumesFrom(v -> v.sourceContainer("writer").readOnly(true))
                .dependsOn(d -> d.containerName("writer").condition(ContainerCondition.START)).build()));
    // reader is essential: its exit (0: read the file, could not write) stops the task
    Task task = run("scratch");
    assertEquals(0, DockerAgentIT.container(task, "reader").exitCode(), task.toString());
    LocalCluster.await("the task's volume removed", () -> docker.client.listVolumesCmd()
        .withFilter("label", java.util.List.of("com.amazonaws.ecs.task-arn=" + task.taskArn())).exec().getVolumes(),
        v -> v == null || v.isEmpty());
  }

  @Test
  void aSharedVolumeKeepsAFileAcrossTwoTasks() {
    String volume = "berth-it-shared-" + Long.toHexString(System.nanoTime());
    Volume shared = Volume.builder().name(volume).dockerVolumeConfiguration(d -> d.scope(Scope.SHARED)
        .autoprovision(true).driver("local")).build();
    berth.ecs.registerTaskDefinition(b -> b.family("shared-write").volumes(shared).containerDefinitions(
        DockerAgentIT.busybox("main", "sh", "-c", "echo kept > /shared/file")
            .mountPoints(m -> m.sourceVolume(volume).containerPath("/shared")).build()));
    berth.ecs.registerTaskDefinition(b -> b.family("shared-read").volumes(shared).containerDefinitions(
        DockerAgentIT.busybox("main", "grep", "-q", "kept", "/shared/file")
            .mountPoints(m -> m.sourceVolume(volume).containerPath("/shared")).build()));
    try {
      assertEquals(0, run("shared-write").containers().get(0).exitCode());
      assertEquals(0, run("shared-read").containers().get(0).exitCode(), "the second task read the first's file");
      assertEquals(volume, docker.client.inspectVolumeCmd(volume).exec().getName(), "a shared volume stays");
    } finally {
      try {
        docker.client.removeVolumeCmd(volume).exec();
      } catch (NotFoundException e) {
        // not created
      }
    }
  }

  @Test
  void aReadOnlyMountRefusesAWriteAndAHostBindMountShowsAHostFile(@TempDir Path host) throws Exception {
    Files.writeString(host.resolve("from-host.txt"), "hello from the host\n");
    Volume hostVolume = Volume.builder().name("site").host(h -> h.sourcePath(host.toString())).build();
    berth.ecs.registerTaskDefinition(b -> b.family("host-read").volumes(hostVolume).containerDefinitions(
        DockerAgentIT.busybox("main", "grep", "-q", "hello from the host", "/site/from-host.txt")
            .mountPoints(m -> m.sourceVolume("site").containerPath("/site").readOnly(true)).build()));
    berth.ecs.registerTaskDefinition(b -> b.family("host-write").volumes(hostVolume).containerDefinitions(
        DockerAgentIT.busybox("main", "sh", "-c", "echo x > /site/new.txt")
            .mountPoints(m -> m.sourceVolume("site").containerPath("/site").readOnly(true)).build()));
    berth.ecs.registerTaskDefinition(b -> b.family("rootfs-write").containerDefinitions(
        DockerAgentIT.busybox("main", "sh", "-c", "echo x > /new.txt").readonlyRootFilesystem(true).build()));
    assertEquals(0, run("host-read").containers().get(0).exitCode());
    assertNotEquals(0, run("host-write").containers().get(0).exitCode());
    assertTrue(Files.notExists(host.resolve("new.txt")), "the read-only mount refused the write");
    assertNotEquals(0, run("rootfs-write").containers().get(0).exitCode(), "readonlyRootFilesystem refuses writes");
  }
}
