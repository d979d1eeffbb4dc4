package dev.berth.model;

import java.util.List;

/**
 * The parts of an ECS container definition that Berth's scheduling reads; {@code gpu} is the
 * container's GPU resource requirement (0 when it has none); {@code healthChecked} whether it has a
 * {@code healthCheck} (its health starts UNKNOWN, and its task's health follows it).
 */
public record ContainerDefinition(
    String name,
    String image,
    int cpu,
    Integer memory,
    Integer memoryReservation,
    boolean essential,
    List<PortMapping> portMappings,
    List<String> command,
    List<String> entryPoint,
    List<KeyValue> environment,
    Integer stopTimeout,
    int gpu,
    boolean healthChecked) {

  public ContainerDefinition {
    portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
    command = command == null ? List.of() : List.copyOf(command);
    entryPoint = entryPoint == null ? List.of() : List.copyOf(entryPoint);
    environment = environment == null ? List.of() : List.copyOf(environment);
    if (gpu < 0) {
      throw new IllegalArgumentException("negative GPU count");
    }
  }

  /** A container without a health check. */
  public ContainerDefinition(String name, String image, int cpu, Integer memory, Integer memoryReservation,
      boolean essential, List<PortMapping> portMappings, List<String> command, List<String> entryPoint,
      List<KeyValue> environment, Integer stopTimeout, int gpu) {
    this(name, image, cpu, memory, memoryReservation, essential, portMappings, command, entryPoint, environment,
        stopTimeout, gpu, false);
  }

  /** A container that needs no GPU. */
  public ContainerDefinition(String name, String image, int cpu, Integer memory, Integer memoryReservation,
      boolean essential, List<PortMapping> portMappings, List<String> command, List<String> entryPoint,
      List<KeyValue> environment, Integer stopTimeout) {
    this(name, image, cpu, memory, memoryReservation, essential, portMappings, command, entryPoint, environment,
        stopTimeout, 0);
  }
}
