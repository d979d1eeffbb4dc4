package dev.berth.agent.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task definition volume: a host path bind mount ({@code hostSourcePath} set), a Docker named
 * volume ({@code docker} set), or neither: an empty volume that lives as long as the task.
 */
public record VolumeSpec(String name, String hostSourcePath, DockerVolume docker) {

  /** dockerVolumeConfiguration; {@code scope} is {@code task} or {@code shared}. */
  public record DockerVolume(String scope, boolean autoprovision, String driver, Map<String, String> driverOpts,
      Map<String, String> labels) {
    public DockerVolume {
      driverOpts = Collections.unmodifiableMap(new LinkedHashMap<>(driverOpts));
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public boolean shared() {
      return "shared".equals(scope);
    }
  }
}
