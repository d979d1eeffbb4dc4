package dev.berth.agent.task;

import java.util.List;

/**
 * A task the control plane wants on this instance, with everything needed to run it.
 *
 * @param networkMode bridge (the default), host or none
 */
public record TaskSpec(String taskArn, String family, int revision, List<ContainerSpec> containers,
    String networkMode, List<VolumeSpec> volumes) {

  public TaskSpec {
    containers = List.copyOf(containers);
    networkMode = networkMode == null ? "bridge" : networkMode;
    volumes = List.copyOf(volumes);
  }

  public TaskSpec(String taskArn, String family, int revision, List<ContainerSpec> containers) {
    this(taskArn, family, revision, containers, "bridge", List.of());
  }

  /** The task id: the last part of its ARN. */
  public String taskId() {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }

  public ContainerSpec container(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }
}
