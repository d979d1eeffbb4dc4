package dev.berth.model;

import java.util.List;

/** One container of a task as ECS describes it, with the state its agent last reported. */
public record Container(
    String id,
    String name,
    String image,
    String runtimeId,
    String lastStatus,
    Integer exitCode,
    String reason,
    List<NetworkBinding> networkBindings,
    int cpu,
    Integer memory,
    Integer memoryReservation) {

  public Container {
    networkBindings = networkBindings == null ? List.of() : List.copyOf(networkBindings);
  }

  public Container withState(String newStatus, String newRuntimeId, Integer newExitCode, String newReason,
      List<NetworkBinding> newBindings) {
    return new Container(id, name, image, newRuntimeId != null ? newRuntimeId : runtimeId, newStatus,
        newExitCode != null ? newExitCode : exitCode, newReason != null ? newReason : reason,
        newBindings != null && !newBindings.isEmpty() ? newBindings : networkBindings, cpu, memory, memoryReservation);
  }
}
