package dev.berth.model;

import java.util.List;

/**
 * One container of a task as ECS describes it, with the state its agent last reported, the GPU ids
 * assigned to it at placement, and its health as the agent last published it ({@code healthStatus}
 * HEALTHY, UNHEALTHY or UNKNOWN; null when never published: it has no health check, or no result yet).
 */
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
    Integer memoryReservation,
    List<String> gpuIds,
    String healthStatus) {

  public Container {
    networkBindings = networkBindings == null ? List.of() : List.copyOf(networkBindings);
    gpuIds = gpuIds == null ? List.of() : List.copyOf(gpuIds);
  }

  /** A container with no published health. */
  public Container(String id, String name, String image, String runtimeId, String lastStatus, Integer exitCode,
      String reason, List<NetworkBinding> networkBindings, int cpu, Integer memory, Integer memoryReservation,
      List<String> gpuIds) {
    this(id, name, image, runtimeId, lastStatus, exitCode, reason, networkBindings, cpu, memory, memoryReservation,
        gpuIds, null);
  }

  /** A container holding no GPU. */
  public Container(String id, String name, String image, String runtimeId, String lastStatus, Integer exitCode,
      String reason, List<NetworkBinding> networkBindings, int cpu, Integer memory, Integer memoryReservation) {
    this(id, name, image, runtimeId, lastStatus, exitCode, reason, networkBindings, cpu, memory, memoryReservation,
        List.of());
  }

  public Container withState(String newStatus, String newRuntimeId, Integer newExitCode, String newReason,
      List<NetworkBinding> newBindings) {
    return new Container(id, name, image, newRuntimeId != null ? newRuntimeId : runtimeId, newStatus,
        newExitCode != null ? newExitCode : exitCode, newReason != null ? newReason : reason,
        newBindings != null && !newBindings.isEmpty() ? newBindings : networkBindings, cpu, memory, memoryReservation,
        gpuIds, healthStatus);
  }

  public Container withHealth(String newHealthStatus) {
    return new Container(id, name, image, runtimeId, lastStatus, exitCode, reason, networkBindings, cpu, memory,
        memoryReservation, gpuIds, newHealthStatus);
  }
}
