package dev.berth.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.berth.agent.runtime.ContainerExit;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.runtime.ContainerState;
import dev.berth.agent.runtime.Started;
import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.NetworkBinding;
import dev.berth.agent.task.PortMapping;
import dev.berth.agent.task.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs containers on a Docker Engine through docker-java over its Unix socket: pull (as
 * ECS_IMAGE_PULL_BEHAVIOR says), create, start, inspect for the ports Docker bound, wait, stop
 * with a timeout (Docker sends SIGTERM, then SIGKILL), remove; plus the task's volumes and each
 * container's health. The engine enforces what the create call asks (see {@link ContainerConfig}).
 */
public final class DockerRuntime implements ContainerRuntime {
  static final String OUT_OF_MEMORY = "OutOfMemoryError: Container killed due to memory usage";
  static final String TASK_ARN_LABEL = "com.amazonaws.ecs.task-arn";
  private static final int OOM_EVENT_CHECKS = 5;

  private final DockerClient docker;
  private final DockerSettings settings;
  private final ContainerConfig config;
  private final DockerVolumes volumes;
  private final Clock clock;
  /** Images this agent has pulled, for the {@code once} behaviour. */
  private final Set<String> pulled = ConcurrentHashMap.newKeySet();

  DockerRuntime(DockerClient docker, DockerSettings settings, Clock clock) {
    this.docker = docker;
    this.settings = settings;
    this.config = new ContainerConfig(settings);
    this.volumes = new DockerVolumes(docker);
    this.clock = clock;
  }

  public static DockerRuntime connect(Path socket, DockerSettings settings, Clock clock) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix://" + socket).withDockerTlsVerify(false).build();
    // No response timeout: a wait on a container blocks for as long as the container runs.
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
        .maxConnections(1000).connectionTimeout(Duration.ofSeconds(10)).build();
    return new DockerRuntime(DockerClientImpl.getInstance(config, http), settings, clock);
  }

  @Override
  public String version() {
    return "DockerVersion: " + docker.versionCmd().exec().getVersion();
  }

  @Override
  public Map<String, String> capabilities() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : List.of("com.amazonaws.ecs.capability.docker-remote-api.1.41",
        "com.amazonaws.ecs.capability.container-health-check", "ecs.capability.container-ordering",
        "com.amazonaws.ecs.capability.logging-driver.json-file", "com.amazonaws.ecs.capability.logging-driver.awslogs",
        "ecs.capability.docker-plugin.local")) {
      out.put(name, "");
    }
    if (settings.privilegedAllowed()) {
      out.put("com.amazonaws.ecs.capability.privileged-container", "");
    }
    return out;
  }

  @Override
  public void prepare(TaskSpec task) throws ContainerStartException {
    volumes.create(task);
  }

  @Override
  public Started start(TaskSpec task, ContainerSpec container) throws ContainerStartException {
    Instant pullStartedAt = clock.instant();
    boolean didPull = pull(container.image());
    Instant pullStoppedAt = clock.instant();
    String id;
    try (CreateContainerCmd cmd = docker.createContainerCmd(container.image())) {
      config.apply(cmd, task, container);
      id = cmd.exec().getId();
    } catch (DockerException | DockerClientException e) {
      throw new ContainerStartException("CannotCreateContainerError: " + message(e), e);
    }
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // already running
    } catch (DockerException | DockerClientException e) {
      remove(id);
      throw new ContainerStartException("CannotStartContainerError: " + message(e), e);
    }
    InspectContainerResponse inspected = docker.inspectContainerCmd(id).exec();
    return new Started(id, bindings(task, container, inspected), didPull ? pullStartedAt : null,
        didPull ? pullStoppedAt : null);
  }

  /** Pulls as the behaviour says; returns whether it pulled. */
  private boolean pull(String image) throws ContainerStartException {
    if (image == null || image.isBlank()) {
      throw new ContainerStartException("CannotPullContainerError: the container has no image");
    }
    ImageReference ref = ImageReference.parse(image);
    boolean cached = cached(image);
    boolean skip = switch (settings.pullBehavior()) {
      case PREFER_CACHED -> cached;
      case ONCE -> cached && pulled.contains(image);
      case DEFAULT, ALWAYS -> false;
    };
    if (skip) {
      return false;
    }
    try {
      var cmd = docker.pullImageCmd(ref.repository());
      if (ref.tag() != null) {
        cmd.withTag(ref.tag());
      }
      cmd.exec(new PullImageResultCallback()).awaitCompletion();
      pulled.add(image);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContainerStartException("CannotPullContainerError: interrupted", e);
    } catch (DockerException | DockerClientException e) {
      if (settings.pullBehavior() == PullBehavior.DEFAULT && cached) {
        return true; // ECS's default: a failed pull falls back to the cached image
      }
      throw new ContainerStartException("CannotPullContainerError: " + message(e), e);
    }
  }

  private boolean cached(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public ContainerExit await(String runtimeId) throws InterruptedException {
    try (WaitContainerResultCallback callback = docker.waitContainerCmd(runtimeId)
        .exec(new WaitContainerResultCallback())) {
      Integer waited;
      try {
        waited = callback.awaitStatusCode();
      } catch (NotFoundException e) {
        return new ContainerExit(null, "The container no longer exists");
      } catch (DockerClientException e) {
        if (e.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("interrupted waiting for " + runtimeId);
        }
        throw e;
      }
      InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(runtimeId).exec().getState();
      for (int i = 0; i < OOM_EVENT_CHECKS && Long.valueOf(137).equals(state.getExitCodeLong())
          && !Boolean.TRUE.equals(state.getOOMKilled()); i++) {
        // the engine learns of an OOM kill from a separate event that can land just after the exit
        Thread.sleep(100);
        state = docker.inspectContainerCmd(runtimeId).exec().getState();
      }
      Integer code = state.getExitCodeLong() != null ? Integer.valueOf(state.getExitCodeLong().intValue()) : waited;
      return new ContainerExit(code, Boolean.TRUE.equals(state.getOOMKilled()) ? OUT_OF_MEMORY : null);
    } catch (IOException e) {
      return new ContainerExit(null, "The agent lost track of the container: " + e.getMessage());
    }
  }

  @Override
  public void stop(String runtimeId, Duration timeout) {
    int seconds = (int) Math.max(0, (timeout.toMillis() + 999) / 1000);
    try {
      docker.stopContainerCmd(runtimeId).withTimeout(seconds).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // already stopped, or gone
    }
  }

  @Override
  public void remove(String runtimeId) {
    try {
      docker.removeContainerCmd(runtimeId).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public void release(String taskArn) {
    volumes.remove(taskArn);
  }

  @Override
  public ContainerState state(String runtimeId) {
    InspectContainerResponse.ContainerState s;
    try {
      s = docker.inspectContainerCmd(runtimeId).exec().getState();
    } catch (NotFoundException e) {
      return new ContainerState(false, null, ContainerState.UNKNOWN, "The container no longer exists");
    }
    boolean running = Boolean.TRUE.equals(s.getRunning());
    String health = ContainerState.UNKNOWN;
    String message = null;
    if (s.getHealth() != null) {
      health = switch (String.valueOf(s.getHealth().getStatus())) {
        case "healthy" -> ContainerState.HEALTHY;
        case "unhealthy" -> ContainerState.UNHEALTHY;
        default -> ContainerState.UNKNOWN;
      };
      var log = s.getHealth().getLog();
      if (log != null && !log.isEmpty() && log.get(log.size() - 1).getOutput() != null) {
        message = log.get(log.size() - 1).getOutput().strip();
      }
    }
    Integer exit = running || s.getExitCodeLong() == null ? null : Integer.valueOf(s.getExitCodeLong().intValue());
    return new ContainerState(running, exit, health, message);
  }

  /**
   * The bindings Docker made, read back from inspect (so a dynamic port is the one Docker chose);
   * in host mode each mapping is bound on the host as it is.
   */
  private static List<NetworkBinding> bindings(TaskSpec task, ContainerSpec c, InspectContainerResponse inspected) {
    List<NetworkBinding> out = new ArrayList<>();
    if (task.networkMode().equals("host")) {
      for (PortMapping p : c.portMappings()) {
        out.add(new NetworkBinding("0.0.0.0", p.containerPort(), p.containerPort(), p.protocol()));
      }
      return out;
    }
    if (inspected.getNetworkSettings() == null || inspected.getNetworkSettings().getPorts() == null) {
      return out;
    }
    for (Map.Entry<ExposedPort, Ports.Binding[]> e : inspected.getNetworkSettings().getPorts().getBindings()
        .entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      for (Ports.Binding b : e.getValue()) {
        if (b.getHostPortSpec() != null && !b.getHostPortSpec().isEmpty()) {
          out.add(new NetworkBinding(b.getHostIp() == null || b.getHostIp().isEmpty() ? "0.0.0.0" : b.getHostIp(),
              e.getKey().getPort(), Integer.parseInt(b.getHostPortSpec()), e.getKey().getProtocol().toString()));
        }
      }
    }
    return out;
  }

  /** Docker's own words for what went wrong, without docker-java's status prefix. */
  static String message(RuntimeException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int json = m.indexOf("{\"message\":\"");
    if (json >= 0) {
      String rest = m.substring(json + 12);
      int end = rest.lastIndexOf("\"}");
      m = end >= 0 ? rest.substring(0, end) : rest;
      m = m.replace("\\\"", "\"").replace("\\n", " ");
    }
    return m.startsWith("Error response from daemon: ") ? m : "Error response from daemon: " + m.strip();
  }
}
