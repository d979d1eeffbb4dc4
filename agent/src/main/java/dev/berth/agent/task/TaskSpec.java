package dev.berth.agent.task;

import java.util.List;

/** A task the control plane wants on this instance, with everything needed to run it. */
public record TaskSpec(String taskArn, String family, int revision, List<ContainerSpec> containers) {

  public TaskSpec {
    containers = List.copyOf(containers);
  }

  /** The task id: the last part of its ARN. */
  public String taskId() {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }
}
