package dev.berth.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.task.TaskSpec;
import dev.berth.agent.task.VolumeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A task's volumes on the engine. A host volume is a bind mount of its source path; a shared
 * Docker volume is used by its own name and created only with {@code autoprovision}; a task-scoped
 * Docker volume, and a volume with neither (an empty one), gets a name of its task's, is labelled
 * with the task's ARN and removed with the task.
 */
final class DockerVolumes {
  private static final Logger LOG = Logger.getLogger(DockerVolumes.class.getName());

  private final DockerClient docker;

  DockerVolumes(DockerClient docker) {
    this.docker = docker;
  }

  /** What a mount point of this volume binds: a host path or a Docker volume name. */
  static String source(TaskSpec task, VolumeSpec v) {
    if (v.hostSourcePath() != null) {
      return v.hostSourcePath();
    }
    if (v.docker() != null && v.docker().shared()) {
      return v.name();
    }
    return DockerNames.taskVolume(task, v.name());
  }

  void create(TaskSpec task) throws ContainerStartException {
    for (VolumeSpec v : task.volumes()) {
      if (v.hostSourcePath() != null) {
        continue;
      }
      try {
        if (v.docker() != null && v.docker().shared()) {
          shared(v);
        } else {
          Map<String, String> labels = new LinkedHashMap<>(v.docker() == null ? Map.of() : v.docker().labels());
          labels.put(DockerRuntime.TASK_ARN_LABEL, task.taskArn());
          docker.createVolumeCmd().withName(DockerNames.taskVolume(task, v.name()))
              .withDriver(v.docker() == null ? "local" : v.docker().driver())
              .withDriverOpts(v.docker() == null ? Map.of() : v.docker().driverOpts())
              .withLabels(labels).exec();
        }
      } catch (DockerException e) {
        throw new ContainerStartException("CannotCreateVolumeError: " + DockerRuntime.message(e), e);
      }
    }
  }

  private void shared(VolumeSpec v) throws ContainerStartException {
    try {
      String driver = docker.inspectVolumeCmd(v.name()).exec().getDriver();
      if (!driver.equals(v.docker().driver())) {
        throw new ContainerStartException("CannotCreateVolumeError: volume " + v.name() + " exists with driver "
            + driver + ", not " + v.docker().driver());
      }
    } catch (NotFoundException e) {
      if (!v.docker().autoprovision()) {
        throw new ContainerStartException("CannotCreateVolumeError: shared volume " + v.name()
            + " does not exist and autoprovision is false", e);
      }
      docker.createVolumeCmd().withName(v.name()).withDriver(v.docker().driver())
          .withDriverOpts(v.docker().driverOpts()).withLabels(v.docker().labels()).exec();
    }
  }

  /** Removes the task-scoped volumes of a task (shared volumes carry no task label and stay). */
  void remove(String taskArn) {
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(DockerRuntime.TASK_ARN_LABEL + "=" + taskArn))
        .exec().getVolumes();
    for (var v : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
      try {
        docker.removeVolumeCmd(v.getName()).exec();
      } catch (DockerException e) {
        LOG.log(Level.WARNING, "could not remove volume " + v.getName() + " of " + taskArn + ": " + e.getMessage());
      }
    }
  }
}
