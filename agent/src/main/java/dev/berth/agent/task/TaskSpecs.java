package dev.berth.agent.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds what to run from a task (DescribeTasks) and its definition (DescribeTaskDefinition), with
 * the task's container overrides applied as ECS applies them: an override's command replaces the
 * definition's, its environment is merged over the definition's (the override wins a name), and its
 * cpu, memory and memoryReservation replace the definition's.
 */
public final class TaskSpecs {
  private final Duration defaultStopTimeout;

  public TaskSpecs(Duration defaultStopTimeout) {
    this.defaultStopTimeout = defaultStopTimeout;
  }

  public TaskSpec of(DescribedTask task, JsonNode definition) {
    Map<String, JsonNode> overrides = new LinkedHashMap<>();
    for (JsonNode o : task.overrides().path("containerOverrides")) {
      overrides.put(o.path("name").asText(), o);
    }
    List<ContainerSpec> containers = new ArrayList<>();
    for (JsonNode c : definition.path("containerDefinitions")) {
      containers.add(container(c, overrides.get(c.path("name").asText())));
    }
    List<VolumeSpec> volumes = new ArrayList<>();
    for (JsonNode v : definition.path("volumes")) {
      volumes.add(volume(v));
    }
    return new TaskSpec(task.taskArn(), definition.path("family").asText(), definition.path("revision").asInt(),
        containers, definition.path("networkMode").asText("bridge"), volumes);
  }

  private static VolumeSpec volume(JsonNode v) {
    JsonNode docker = v.path("dockerVolumeConfiguration");
    return new VolumeSpec(v.path("name").asText(), v.path("host").path("sourcePath").asText(null),
        docker.isObject()
            ? new VolumeSpec.DockerVolume(docker.path("scope").asText("task"), docker.path("autoprovision").asBoolean(false),
                docker.path("driver").asText("local"), map(docker.path("driverOpts")), map(docker.path("labels")))
            : null);
  }

  /** The engine-only settings of a container definition. */
  private static ContainerOptions options(JsonNode c) {
    List<ContainerOptions.Ulimit> ulimits = new ArrayList<>();
    c.path("ulimits").forEach(u -> ulimits.add(new ContainerOptions.Ulimit(u.path("name").asText(),
        u.path("softLimit").asLong(), u.path("hardLimit").asLong())));
    List<ContainerOptions.Dependency> dependsOn = new ArrayList<>();
    c.path("dependsOn").forEach(d -> dependsOn.add(new ContainerOptions.Dependency(d.path("containerName").asText(),
        d.path("condition").asText("START"))));
    List<ContainerOptions.MountPoint> mounts = new ArrayList<>();
    c.path("mountPoints").forEach(m -> mounts.add(new ContainerOptions.MountPoint(m.path("sourceVolume").asText(),
        m.path("containerPath").asText(), m.path("readOnly").asBoolean(false))));
    List<ContainerOptions.VolumeFrom> volumesFrom = new ArrayList<>();
    c.path("volumesFrom").forEach(v -> volumesFrom.add(new ContainerOptions.VolumeFrom(
        v.path("sourceContainer").asText(), v.path("readOnly").asBoolean(false))));
    JsonNode h = c.path("healthCheck");
    ContainerOptions.HealthCheck health = h.path("command").isArray() && !h.path("command").isEmpty()
        ? new ContainerOptions.HealthCheck(strings(h.path("command")), Duration.ofSeconds(h.path("interval").asInt(30)),
            Duration.ofSeconds(h.path("timeout").asInt(5)), h.path("retries").asInt(3),
            Duration.ofSeconds(h.path("startPeriod").asInt(0)))
        : null;
    JsonNode log = c.path("logConfiguration");
    return new ContainerOptions(c.path("user").asText(null), c.path("workingDirectory").asText(null), ulimits,
        c.path("readonlyRootFilesystem").asBoolean(false), c.path("privileged").asBoolean(false),
        map(c.path("dockerLabels")), strings(c.path("links")), dependsOn, health, mounts, volumesFrom,
        log.hasNonNull("logDriver")
            ? new ContainerOptions.LogConfiguration(log.path("logDriver").asText(), map(log.path("options")))
            : null);
  }

  private static Map<String, String> map(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private ContainerSpec container(JsonNode c, JsonNode override) {
    List<String> command = strings(c.path("command"));
    Map<String, String> environment = environment(c.path("environment"));
    Integer cpu = integer(c, "cpu");
    Integer memory = integer(c, "memory");
    Integer memoryReservation = integer(c, "memoryReservation");
    if (override != null) {
      if (override.path("command").isArray()) {
        command = strings(override.path("command"));
      }
      environment.putAll(environment(override.path("environment")));
      cpu = integer(override, "cpu") != null ? integer(override, "cpu") : cpu;
      memory = integer(override, "memory") != null ? integer(override, "memory") : memory;
      memoryReservation = integer(override, "memoryReservation") != null
          ? integer(override, "memoryReservation") : memoryReservation;
    }
    List<PortMapping> ports = new ArrayList<>();
    for (JsonNode p : c.path("portMappings")) {
      ports.add(new PortMapping(p.path("containerPort").asInt(), p.path("hostPort").asInt(0),
          p.path("protocol").asText("tcp")));
    }
    Integer stopTimeout = integer(c, "stopTimeout");
    return new ContainerSpec(c.path("name").asText(), c.path("image").asText(null), strings(c.path("entryPoint")),
        command, environment, cpu == null ? 0 : cpu, memory, memoryReservation,
        c.path("essential").asBoolean(true), ports,
        stopTimeout == null ? defaultStopTimeout : Duration.ofSeconds(stopTimeout), options(c));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, String> environment(JsonNode array) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode kv : array) {
      if (kv.hasNonNull("name")) {
        out.put(kv.path("name").asText(), kv.path("value").asText(""));
      }
    }
    return out;
  }

  private static Integer integer(JsonNode o, String name) {
    return o.path(name).isNumber() ? o.path(name).intValue() : null;
  }
}
