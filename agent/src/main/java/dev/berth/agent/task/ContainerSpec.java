package dev.berth.agent.task;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container to run: its definition with the task's container overrides applied and the stop
 * timeout resolved (the container's {@code stopTimeout}, else the agent's default).
 *
 * @param memory hard limit in MiB, or null
 * @param memoryReservation soft limit in MiB, or null
 */
public record ContainerSpec(
    String name,
    String image,
    List<String> entryPoint,
    List<String> command,
    Map<String, String> environment,
    int cpu,
    Integer memory,
    Integer memoryReservation,
    boolean essential,
    List<PortMapping> portMappings,
    Duration stopTimeout,
    ContainerOptions options) {

  /** A container with none of the engine-only settings. */
  public ContainerSpec(String name, String image, List<String> entryPoint, List<String> command,
      Map<String, String> environment, int cpu, Integer memory, Integer memoryReservation, boolean essential,
      List<PortMapping> portMappings, Duration stopTimeout) {
    this(name, image, entryPoint, command, environment, cpu, memory, memoryReservation, essential, portMappings,
        stopTimeout, ContainerOptions.NONE);
  }

  public ContainerSpec {
    entryPoint = List.copyOf(entryPoint);
    command = List.copyOf(command);
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    portMappings = List.copyOf(portMappings);
    options = options == null ? ContainerOptions.NONE : options;
  }
}
