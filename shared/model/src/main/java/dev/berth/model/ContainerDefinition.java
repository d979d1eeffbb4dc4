package dev.berth.model;

import java.util.List;

/** The parts of an ECS container definition that Berth's scheduling reads. */
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
    Integer stopTimeout) {

  public ContainerDefinition {
    portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
    command = command == null ? List.of() : List.copyOf(command);
    entryPoint = entryPoint == null ? List.of() : List.copyOf(entryPoint);
    environment = environment == null ? List.of() : List.copyOf(environment);
  }
}
