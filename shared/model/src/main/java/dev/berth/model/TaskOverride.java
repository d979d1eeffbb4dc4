package dev.berth.model;

import java.util.List;

/** RunTask/StartTask overrides (ECS's TaskOverride and ContainerOverride). */
public record TaskOverride(List<ContainerOverride> containerOverrides, String cpu, String memory,
    String taskRoleArn, String executionRoleArn) {

  public static final TaskOverride NONE = new TaskOverride(List.of(), null, null, null, null);

  public TaskOverride {
    containerOverrides = containerOverrides == null ? List.of() : List.copyOf(containerOverrides);
  }

  public ContainerOverride forContainer(String name) {
    return containerOverrides.stream().filter(o -> name.equals(o.name())).findFirst().orElse(null);
  }

  /**
   * One container's overrides, kept as sent: {@code command} and {@code environment} are null when
   * not sent (an empty list when sent empty); {@code gpu} is its GPU resource requirement, null when
   * not overridden.
   */
  public record ContainerOverride(String name, List<String> command, List<KeyValue> environment, Integer cpu,
      Integer memory, Integer memoryReservation, Integer gpu) {
    public ContainerOverride {
      command = command == null ? null : List.copyOf(command);
      environment = environment == null ? null : List.copyOf(environment);
    }

    /** Without a GPU override. */
    public ContainerOverride(String name, List<String> command, List<KeyValue> environment, Integer cpu,
        Integer memory, Integer memoryReservation) {
      this(name, command, environment, cpu, memory, memoryReservation, null);
    }
  }
}
