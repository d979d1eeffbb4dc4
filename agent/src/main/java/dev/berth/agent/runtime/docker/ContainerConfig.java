package dev.berth.agent.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.task.ContainerOptions;
import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.PortMapping;
import dev.berth.agent.task.TaskSpec;
import dev.berth.agent.task.VolumeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills Docker's create-container call from a container definition, as the ECS agent maps one:
 * entry point and command (the image's own when absent), environment, labels (the definition's
 * dockerLabels plus ECS's own), network mode and port bindings (host port 0 lets Docker pick one),
 * {@code cpu} to CPU shares (at least 2, Docker's minimum), {@code memory} and
 * {@code memoryReservation} (MiB) to the hard and soft limits, ulimits, user, working directory,
 * read-only root file system, privileged, health check, mounts, volumesFrom, links and log
 * configuration.
 */
final class ContainerConfig {
  static final long MIB = 1024L * 1024L;
  static final int MIN_CPU_SHARES = 2;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final DockerSettings settings;

  ContainerConfig(DockerSettings settings) {
    this.settings = settings;
  }

  void apply(CreateContainerCmd cmd, TaskSpec task, ContainerSpec c) throws ContainerStartException {
    ContainerOptions o = c.options();
    if (o.privileged() && !settings.privilegedAllowed()) {
      throw new ContainerStartException("CannotCreateContainerError: privileged containers are disabled on this "
          + "instance (ECS_DISABLE_PRIVILEGED)");
    }
    cmd.withName(DockerNames.container(task, c.name()));
    if (!c.entryPoint().isEmpty()) {
      cmd.withEntrypoint(c.entryPoint());
    }
    if (!c.command().isEmpty()) {
      cmd.withCmd(c.command());
    }
    List<String> env = new ArrayList<>();
    c.environment().forEach((name, value) -> env.add(name + "=" + value));
    cmd.withEnv(env);
    Map<String, String> labels = new LinkedHashMap<>(o.dockerLabels());
    labels.put(DockerRuntime.TASK_ARN_LABEL, task.taskArn());
    labels.put("com.amazonaws.ecs.container-name", c.name());
    labels.put("com.amazonaws.ecs.task-definition-family", task.family());
    labels.put("com.amazonaws.ecs.task-definition-version", String.valueOf(task.revision()));
    cmd.withLabels(labels);
    if (o.user() != null) {
      cmd.withUser(o.user());
    }
    if (o.workingDirectory() != null) {
      cmd.withWorkingDir(o.workingDirectory());
    }
    if (o.healthCheck() != null) {
      ContainerOptions.HealthCheck h = o.healthCheck();
      cmd.withHealthcheck(new HealthCheck().withTest(h.command())
          .withInterval(h.interval().toMillis() * NANOS_PER_MILLI)
          .withTimeout(h.timeout().toMillis() * NANOS_PER_MILLI)
          .withRetries(h.retries())
          .withStartPeriod(h.startPeriod().toMillis() * NANOS_PER_MILLI));
    }
    HostConfig host = HostConfig.newHostConfig()
        .withNetworkMode(task.networkMode())
        .withCpuShares(Math.max(MIN_CPU_SHARES, c.cpu()))
        .withReadonlyRootfs(o.readonlyRootFilesystem())
        .withPrivileged(o.privileged());
    if (c.memory() != null) {
      host.withMemory(c.memory() * MIB);
    }
    if (c.memoryReservation() != null) {
      host.withMemoryReservation(c.memoryReservation() * MIB);
    }
    ports(cmd, host, task, c);
    if (!o.ulimits().isEmpty()) {
      host.withUlimits(o.ulimits().stream().map(u -> new Ulimit(u.name(), u.softLimit(), u.hardLimit())).toList());
    }
    host.withBinds(binds(task, o));
    if (!o.volumesFrom().isEmpty()) {
      host.withVolumesFrom(o.volumesFrom().stream()
          .map(v -> new VolumesFrom(DockerNames.container(task, v.sourceContainer()),
              v.readOnly() ? AccessMode.ro : AccessMode.rw))
          .toList());
    }
    if (!o.links().isEmpty() && task.networkMode().equals("bridge")) {
      host.withLinks(o.links().stream().map(l -> {
        String[] parts = l.split(":", 2);
        return new Link(DockerNames.container(task, parts[0]), parts.length > 1 ? parts[1] : parts[0]);
      }).toList());
    }
    host.withLogConfig(logs(task, c));
    cmd.withHostConfig(host);
  }

  /** Bridge mode publishes each mapping (host port 0: Docker picks); host and none publish nothing. */
  private static void ports(CreateContainerCmd cmd, HostConfig host, TaskSpec task, ContainerSpec c) {
    if (c.portMappings().isEmpty() || !task.networkMode().equals("bridge")) {
      return;
    }
    List<ExposedPort> exposed = new ArrayList<>();
    Ports bindings = new Ports();
    for (PortMapping p : c.portMappings()) {
      ExposedPort port = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
      exposed.add(port);
      bindings.bind(port, p.hostPort() > 0 ? Ports.Binding.bindPort(p.hostPort()) : Ports.Binding.empty());
    }
    cmd.withExposedPorts(exposed);
    host.withPortBindings(bindings);
  }

  private static List<Bind> binds(TaskSpec task, ContainerOptions o) throws ContainerStartException {
    List<Bind> binds = new ArrayList<>();
    for (ContainerOptions.MountPoint m : o.mountPoints()) {
      VolumeSpec v = task.volumes().stream().filter(x -> x.name().equals(m.sourceVolume())).findFirst()
          .orElseThrow(() -> new ContainerStartException("CannotCreateContainerError: mount point refers to "
              + "volume " + m.sourceVolume() + ", which the task definition does not have"));
      binds.add(new Bind(DockerVolumes.source(task, v), new Volume(m.containerPath()),
          m.readOnly() ? AccessMode.ro : AccessMode.rw));
    }
    return binds;
  }

  /**
   * json-file unless the definition says awslogs. ECS's awslogs-stream-prefix becomes Docker's
   * awslogs-stream, {@code prefix/container/task id}, as the ECS agent names the stream.
   */
  private LogConfig logs(TaskSpec task, ContainerSpec c) {
    ContainerOptions.LogConfiguration log = c.options().logConfiguration();
    if (log == null || log.logDriver().equals("json-file")) {
      return new LogConfig(LogConfig.LoggingType.JSON_FILE, log == null ? Map.of() : log.options());
    }
    Map<String, String> options = new LinkedHashMap<>(log.options());
    String prefix = options.remove("awslogs-stream-prefix");
    if (prefix != null && !options.containsKey("awslogs-stream")) {
      options.put("awslogs-stream", prefix + "/" + c.name() + "/" + task.taskId());
    }
    if (settings.logsEndpoint() != null && !options.containsKey("awslogs-endpoint")) {
      options.put("awslogs-endpoint", settings.logsEndpoint());
    }
    return new LogConfig(LogConfig.LoggingType.AWSLOGS, options);
  }
}
