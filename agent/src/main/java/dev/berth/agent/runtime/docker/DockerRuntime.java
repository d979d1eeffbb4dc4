package dev.berth.agent.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.runtime.ContainerExit;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.runtime.Started;
import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.NetworkBinding;
import dev.berth.agent.task.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Runs containers on the Docker engine behind a Unix socket, through the Engine API (v1.41, Docker
 * 20.10 and later): pull, create, start, wait, stop with a timeout (Docker sends SIGTERM, then
 * SIGKILL), inspect, remove. The engine enforces what the create body asks: memory, memory
 * reservation, CPU shares and port bindings.
 */
public final class DockerRuntime implements ContainerRuntime {
  static final String API = "/v1.41";
  static final String OUT_OF_MEMORY = "OutOfMemoryError: Container killed due to memory usage";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final UnixHttpClient http;
  private final RandomGenerator random;

  DockerRuntime(UnixHttpClient http, RandomGenerator random) {
    this.http = http;
    this.random = random;
  }

  public static DockerRuntime connect(Path socket, RandomGenerator random) {
    return new DockerRuntime(new UnixHttpClient(socket), random);
  }

  @Override
  public String version() {
    try {
      UnixHttpClient.Response r = http.request("GET", API + "/version", null);
      return "DockerVersion: " + JSON.readTree(r.body()).path("Version").asText("unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("the Docker engine does not answer", e);
    }
  }

  @Override
  public Started start(TaskSpec task, ContainerSpec container) throws ContainerStartException {
    try {
      pull(container.image());
      String name = name(task, container);
      UnixHttpClient.Response created = http.request("POST", API + "/containers/create?name=" + name,
          JSON.writeValueAsBytes(CreateContainerBody.of(task, container)));
      if (created.status() != 201) {
        throw new ContainerStartException("CannotCreateContainerError: " + message(created));
      }
      String id = JSON.readTree(created.body()).path("Id").asText();
      UnixHttpClient.Response started = http.request("POST", API + "/containers/" + id + "/start", null);
      if (started.status() != 204 && started.status() != 304) {
        remove(id);
        throw new ContainerStartException("CannotStartContainerError: " + message(started));
      }
      return new Started(id, bindings(inspect(id)));
    } catch (IOException e) {
      throw new ContainerStartException("CannotStartContainerError: the Docker engine did not answer: "
          + e.getMessage(), e);
    }
  }

  @Override
  public ContainerExit await(String runtimeId) throws InterruptedException {
    try {
      UnixHttpClient.Response waited = http.request("POST", API + "/containers/" + runtimeId + "/wait", null);
      if (waited.status() == 404) {
        return new ContainerExit(null, "The container no longer exists");
      }
      JsonNode state = inspect(runtimeId).path("State");
      Integer code = state.path("ExitCode").isNumber() ? state.path("ExitCode").intValue()
          : JSON.readTree(waited.body()).path("StatusCode").asInt();
      return new ContainerExit(code, state.path("OOMKilled").asBoolean() ? OUT_OF_MEMORY : null);
    } catch (ClosedByInterruptException e) {
      throw new InterruptedException("interrupted waiting for " + runtimeId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop(String runtimeId, Duration timeout) throws InterruptedException {
    long seconds = Math.max(0, (timeout.toMillis() + 999) / 1000);
    try {
      UnixHttpClient.Response r = http.request("POST", API + "/containers/" + runtimeId + "/stop?t=" + seconds, null);
      if (r.status() != 204 && r.status() != 304 && r.status() != 404) {
        throw new IOException("stop answered " + r.status() + ": " + message(r));
      }
    } catch (ClosedByInterruptException e) {
      throw new InterruptedException("interrupted stopping " + runtimeId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void remove(String runtimeId) {
    try {
      http.request("DELETE", API + "/containers/" + runtimeId + "?v=1&force=1", null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pulls the image; the engine streams progress messages, any of which may carry the error. */
  private void pull(String image) throws IOException, ContainerStartException {
    if (image == null || image.isBlank()) {
      throw new ContainerStartException("CannotPullContainerError: the container has no image");
    }
    UnixHttpClient.Response r = http.request("POST", API + "/images/create?" + ImageReference.parse(image).query(),
        null);
    if (r.status() != 200) {
      throw new ContainerStartException("CannotPullContainerError: " + message(r));
    }
    var messages = JSON.readerFor(JsonNode.class).<JsonNode>readValues(r.body());
    while (messages.hasNext()) {
      JsonNode m = messages.next();
      if (m.hasNonNull("error")) {
        throw new ContainerStartException("CannotPullContainerError: " + m.path("error").asText());
      }
    }
  }

  private JsonNode inspect(String id) throws IOException {
    UnixHttpClient.Response r = http.request("GET", API + "/containers/" + id + "/json", null);
    if (r.status() != 200) {
      throw new IOException("inspect of " + id + " answered " + r.status() + ": " + message(r));
    }
    return JSON.readTree(r.body());
  }

  /** ECS's container name: ecs-family-revision-container-random. */
  private String name(TaskSpec task, ContainerSpec container) {
    String raw = "ecs-" + task.family() + "-" + task.revision() + "-" + container.name() + "-"
        + Long.toHexString(random.nextLong() & 0xffffffffffL);
    return raw.replaceAll("[^a-zA-Z0-9_.-]", "-");
  }

  private static List<NetworkBinding> bindings(JsonNode inspected) {
    List<NetworkBinding> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> port : iterable(inspected.path("NetworkSettings").path("Ports"))) {
      String[] key = port.getKey().split("/");
      for (JsonNode b : port.getValue()) {
        if (b.hasNonNull("HostPort") && !b.path("HostPort").asText().isEmpty()) {
          out.add(new NetworkBinding(b.path("HostIp").asText("0.0.0.0"), Integer.parseInt(key[0]),
              Integer.parseInt(b.path("HostPort").asText()), key.length > 1 ? key[1] : "tcp"));
        }
      }
    }
    return out;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }

  private static String message(UnixHttpClient.Response r) {
    try {
      return JSON.readTree(r.body()).path("message").asText(r.text());
    } catch (IOException e) {
      return r.text();
    }
  }
}
