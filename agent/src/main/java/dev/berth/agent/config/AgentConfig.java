package dev.berth.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's configuration, read once from environment variables that carry the ECS agent's names
 * where ECS has one ({@code ECS_CLUSTER}, {@code ECS_RESERVED_MEMORY}, ...) and {@code BERTH_*}
 * names for what only Berth's agent has.
 *
 * @param cpuUnits CPU units to register in place of logical CPUs x 1024 (local runs, tests)
 * @param hostMemoryMiB memory to assume in place of MemTotal; {@code reservedMemoryMiB} is still
 *     subtracted
 * @param runtime {@code process} or {@code docker}; empty picks docker when its socket exists
 */
public record AgentConfig(
    URI endpoint,
    String region,
    String cluster,
    Path dataDir,
    long reservedMemoryMiB,
    List<Integer> reservedPorts,
    List<Integer> reservedUdpPorts,
    Map<String, String> instanceAttributes,
    Duration containerStopTimeout,
    Optional<Integer> cpuUnits,
    Optional<Long> hostMemoryMiB,
    Optional<String> runtime,
    Path dockerSocket,
    Duration pollInterval,
    Optional<String[]> bootstrapKey,
    Optional<URI> wakeUrl) {

  /** ECS's Linux default: SSH, Docker, Docker TLS, agent introspection, task metadata. */
  public static final List<Integer> DEFAULT_RESERVED_PORTS = List.of(22, 2375, 2376, 51678, 51679);
  private static final ObjectMapper JSON = new ObjectMapper();

  public AgentConfig {
    reservedPorts = List.copyOf(reservedPorts);
    reservedUdpPorts = List.copyOf(reservedUdpPorts);
    instanceAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(instanceAttributes));
  }

  /**
   * The key the agent proves itself with before it has its instance's own credential:
   * BERTH_BOOTSTRAP_ACCESS_KEY_ID and BERTH_BOOTSTRAP_SECRET_ACCESS_KEY, or else the usual AWS
   * credentials of the host.
   */
  static Optional<String[]> bootstrapKey(Map<String, String> env) {
    String id = value(env, "BERTH_BOOTSTRAP_ACCESS_KEY_ID");
    String secret = value(env, "BERTH_BOOTSTRAP_SECRET_ACCESS_KEY");
    if ((id == null) != (secret == null)) {
      throw new IllegalArgumentException(
          "BERTH_BOOTSTRAP_ACCESS_KEY_ID and BERTH_BOOTSTRAP_SECRET_ACCESS_KEY go together");
    }
    return id == null ? Optional.empty() : Optional.of(new String[] {id, secret});
  }

  public static AgentConfig from(Map<String, String> env) {
    String runtime = value(env, "BERTH_AGENT_RUNTIME");
    if (runtime != null && !runtime.equals("process") && !runtime.equals("docker")) {
      throw new IllegalArgumentException("BERTH_AGENT_RUNTIME must be process or docker, not " + runtime);
    }
    String dockerHost = orDefault(env, "DOCKER_HOST", "unix:///var/run/docker.sock");
    if (!dockerHost.startsWith("unix://")) {
      throw new IllegalArgumentException("DOCKER_HOST must be a unix:// socket, not " + dockerHost);
    }
    long reservedMemory = Long.parseLong(orDefault(env, "ECS_RESERVED_MEMORY", "0"));
    String wakeUrl = value(env, "BERTH_AGENT_WAKE_URL");
    if (wakeUrl != null && !wakeUrl.startsWith("ws://") && !wakeUrl.startsWith("wss://")) {
      throw new IllegalArgumentException("BERTH_AGENT_WAKE_URL must be a ws:// or wss:// URL, not " + wakeUrl);
    }
    if (reservedMemory < 0) {
      throw new IllegalArgumentException("ECS_RESERVED_MEMORY cannot be negative: " + reservedMemory);
    }
    return new AgentConfig(
        URI.create(orDefault(env, "BERTH_ENDPOINT", "http://localhost:8080")),
        orDefault(env, "AWS_REGION", orDefault(env, "AWS_DEFAULT_REGION", "us-east-1")),
        orDefault(env, "ECS_CLUSTER", "default"),
        Path.of(orDefault(env, "ECS_DATADIR", "/var/lib/ecs/data")),
        reservedMemory,
        ports(env, "ECS_RESERVED_PORTS", DEFAULT_RESERVED_PORTS),
        ports(env, "ECS_RESERVED_PORTS_UDP", List.of()),
        attributes(value(env, "ECS_INSTANCE_ATTRIBUTES")),
        Durations.parse("ECS_CONTAINER_STOP_TIMEOUT", orDefault(env, "ECS_CONTAINER_STOP_TIMEOUT", "30s")),
        Optional.ofNullable(value(env, "BERTH_AGENT_CPU")).map(v -> positive("BERTH_AGENT_CPU", v)),
        Optional.ofNullable(value(env, "BERTH_AGENT_MEMORY")).map(v -> (long) positive("BERTH_AGENT_MEMORY", v)),
        Optional.ofNullable(runtime),
        Path.of(dockerHost.substring("unix://".length())),
        // with a wake channel the poll only repairs what a lost wake-up missed, so it can be slow
        Durations.parse("BERTH_AGENT_POLL_INTERVAL", orDefault(env, "BERTH_AGENT_POLL_INTERVAL",
            wakeUrl == null ? "5s" : "20s")),
        bootstrapKey(env),
        Optional.ofNullable(wakeUrl).map(URI::create));
  }

  /**
   * One of {@code count} agents sharing this host: its own data directory, and an even share of
   * the host's CPU and memory unless BERTH_AGENT_CPU / BERTH_AGENT_MEMORY say what each registers.
   */
  public AgentConfig slice(int index, int count, Host host) {
    return new AgentConfig(endpoint, region, cluster, dataDir.resolve("agent-" + index), reservedMemoryMiB,
        reservedPorts, reservedUdpPorts, instanceAttributes, containerStopTimeout,
        Optional.of(cpuUnits.orElse(host.logicalCpus() * 1024 / count)),
        Optional.of(hostMemoryMiB.orElse(host.memTotalMiB() / count)), runtime, dockerSocket, pollInterval, bootstrapKey,
        wakeUrl);
  }

  /** A variable set to blank counts as unset, as a template or a shell script often leaves it. */
  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String orDefault(Map<String, String> env, String name, String fallback) {
    String v = value(env, name);
    return v == null ? fallback : v;
  }

  private static int positive(String name, String text) {
    int v = Integer.parseInt(text);
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + text);
    }
    return v;
  }

  /**
   * A port list as ECS writes it ({@code [22, 2375]}), or comma-separated. Setting the variable
   * replaces the default list rather than adding to it, as in ECS.
   */
  static List<Integer> ports(Map<String, String> env, String name, List<Integer> fallback) {
    String text = value(env, name);
    if (text == null) {
      return fallback;
    }
    String inner = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    List<Integer> ports = new ArrayList<>();
    for (String part : inner.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int port = Integer.parseInt(part.trim());
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " has a port out of range: " + port);
      }
      if (!ports.contains(port)) {
        ports.add(port);
      }
    }
    return ports;
  }

  /** ECS_INSTANCE_ATTRIBUTES: a JSON object of attribute name to string value. */
  static Map<String, String> attributes(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json == null) {
      return out;
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("ECS_INSTANCE_ATTRIBUTES is not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("ECS_INSTANCE_ATTRIBUTES must be a JSON object of name to value");
    }
    node.fields().forEachRemaining(f -> {
      if (!f.getValue().isTextual()) {
        throw new IllegalArgumentException("ECS_INSTANCE_ATTRIBUTES value of " + f.getKey() + " must be a string");
      }
      out.put(f.getKey(), f.getValue().textValue());
    });
    return out;
  }
}
