package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.EcsException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, at registration, what Berth's agents cannot run, so that a task never fails on an
 * instance for it: awsvpc networking, volumes other than host paths and local Docker volumes, log
 * drivers other than json-file and awslogs. Also checks the references ECS checks: mount points
 * name a volume, volumesFrom and dependsOn name a container, a HEALTHY dependency has a health check.
 */
final class SupportedFeatures {
  static final Set<String> LOG_DRIVERS = Set.of("json-file", "awslogs");
  static final Set<String> CONDITIONS = Set.of("START", "COMPLETE", "SUCCESS", "HEALTHY");

  static void check(JsonNode request, String networkMode) {
    if (networkMode.equals("awsvpc")) {
      throw EcsException.clientException("Berth does not support the awsvpc network mode; use bridge, host or none.");
    }
    Set<String> volumes = volumes(request.path("volumes"));
    Map<String, Boolean> healthChecked = new HashMap<>();
    for (JsonNode c : request.path("containerDefinitions")) {
      healthChecked.put(c.path("name").asText(), c.hasNonNull("healthCheck"));
    }
    for (JsonNode c : request.path("containerDefinitions")) {
      String name = c.path("name").asText();
      String driver = c.path("logConfiguration").path("logDriver").asText(null);
      if (c.path("logConfiguration").isObject() && (driver == null || !LOG_DRIVERS.contains(driver))) {
        throw EcsException.clientException("Log driver " + driver + " of container '" + name
            + "' is not supported by Berth; use json-file or awslogs.");
      }
      for (JsonNode m : c.path("mountPoints")) {
        String source = m.path("sourceVolume").asText(null);
        if (source == null || !volumes.contains(source)) {
          throw EcsException.clientException("Invalid 'mountPoints' setting for container '" + name
              + "'. The source volume '" + source + "' is not a volume of the task definition.");
        }
        if (!m.hasNonNull("containerPath") || m.path("containerPath").asText().isEmpty()) {
          throw EcsException.clientException("Invalid 'mountPoints' setting for container '" + name
              + "'. containerPath is required.");
        }
      }
      for (JsonNode v : c.path("volumesFrom")) {
        String source = v.path("sourceContainer").asText(null);
        if (source == null || !healthChecked.containsKey(source) || source.equals(name)) {
          throw EcsException.clientException("Invalid 'volumesFrom' setting for container '" + name
              + "'. '" + source + "' is not another container of the task definition.");
        }
      }
      for (JsonNode d : c.path("dependsOn")) {
        String other = d.path("containerName").asText(null);
        String condition = d.path("condition").asText(null);
        if (other == null || !healthChecked.containsKey(other) || other.equals(name)) {
          throw EcsException.clientException("Invalid 'dependsOn' setting for container '" + name
              + "'. '" + other + "' is not another container of the task definition.");
        }
        if (condition == null || !CONDITIONS.contains(condition)) {
          throw EcsException.clientException("Invalid 'dependsOn' condition " + condition + " for container '"
              + name + "'. Use START, COMPLETE, SUCCESS or HEALTHY.");
        }
        if (condition.equals("HEALTHY") && !healthChecked.get(other)) {
          throw EcsException.clientException("Container '" + name + "' depends on '" + other
              + "' being HEALTHY, but '" + other + "' has no healthCheck.");
        }
      }
    }
  }

  /** The volume names, after checking each volume is of a kind Berth runs. */
  private static Set<String> volumes(JsonNode list) {
    Set<String> names = new HashSet<>();
    for (JsonNode v : list) {
      String name = v.path("name").asText(null);
      if (name == null || name.isEmpty() || !names.add(name)) {
        throw EcsException.clientException("Every volume needs a name, used once: " + name);
      }
      for (String kind : new String[] {"efsVolumeConfiguration", "fsxWindowsFileServerVolumeConfiguration"}) {
        if (v.hasNonNull(kind)) {
          throw EcsException.clientException("Volume '" + name + "': " + kind
              + " is not supported by Berth; use host.sourcePath or a local dockerVolumeConfiguration.");
        }
      }
      if (v.path("configuredAtLaunch").asBoolean(false)) {
        throw EcsException.clientException("Volume '" + name + "': configuredAtLaunch is not supported by Berth.");
      }
      JsonNode docker = v.path("dockerVolumeConfiguration");
      if (docker.isObject()) {
        if (v.hasNonNull("host")) {
          throw EcsException.clientException("Volume '" + name
              + "' cannot have both host and dockerVolumeConfiguration.");
        }
        String driver = docker.path("driver").asText("local");
        if (!driver.equals("local")) {
          throw EcsException.clientException("Volume '" + name + "': the volume driver " + driver
              + " is not supported by Berth; use local.");
        }
        String scope = docker.path("scope").asText("task");
        if (!scope.equals("task") && !scope.equals("shared")) {
          throw EcsException.clientException("Volume '" + name + "': scope must be task or shared.");
        }
        if (scope.equals("task") && docker.path("autoprovision").asBoolean(false)) {
          throw EcsException.clientException("Volume '" + name
              + "': autoprovision is only valid for a volume with scope shared.");
        }
      }
      JsonNode host = v.path("host");
      if (host.isObject() && host.hasNonNull("sourcePath") && !host.path("sourcePath").asText().startsWith("/")) {
        throw EcsException.clientException("Volume '" + name + "': host.sourcePath must be an absolute path.");
      }
    }
    return names;
  }

  private SupportedFeatures() {}
}
