package dev.berth.agent.task;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container settings only an engine with images and isolation can honour (the Docker runtime);
 * the process runtime ignores them. Field names follow the container definition's.
 */
public record ContainerOptions(
    String user,
    String workingDirectory,
    List<Ulimit> ulimits,
    boolean readonlyRootFilesystem,
    boolean privileged,
    Map<String, String> dockerLabels,
    List<String> links,
    List<Dependency> dependsOn,
    HealthCheck healthCheck,
    List<MountPoint> mountPoints,
    List<VolumeFrom> volumesFrom,
    LogConfiguration logConfiguration) {

  public static final ContainerOptions NONE = new ContainerOptions(null, null, List.of(), false, false, Map.of(),
      List.of(), List.of(), null, List.of(), List.of(), null);

  public ContainerOptions {
    ulimits = List.copyOf(ulimits);
    dockerLabels = Collections.unmodifiableMap(new LinkedHashMap<>(dockerLabels));
    links = List.copyOf(links);
    dependsOn = List.copyOf(dependsOn);
    mountPoints = List.copyOf(mountPoints);
    volumesFrom = List.copyOf(volumesFrom);
  }

  public record Ulimit(String name, long softLimit, long hardLimit) {}

  /** {@code condition}: START, COMPLETE, SUCCESS or HEALTHY. */
  public record Dependency(String containerName, String condition) {}

  /** Docker's health check: {@code command} as ECS takes it (["CMD-SHELL", "..."] or ["CMD", ...]). */
  public record HealthCheck(List<String> command, Duration interval, Duration timeout, int retries,
      Duration startPeriod) {
    public HealthCheck {
      command = List.copyOf(command);
    }
  }

  public record MountPoint(String sourceVolume, String containerPath, boolean readOnly) {}

  public record VolumeFrom(String sourceContainer, boolean readOnly) {}

  public record LogConfiguration(String logDriver, Map<String, String> options) {
    public LogConfiguration {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }
}
