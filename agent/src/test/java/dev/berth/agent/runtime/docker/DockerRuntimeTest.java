package dev.berth.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.runtime.ContainerExit;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.runtime.Started;
import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.NetworkBinding;
import dev.berth.agent.task.PortMapping;
import dev.berth.agent.task.TaskSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker runtime against a fake of the Engine API on a Unix socket (see {@link FakeDockerEngine}). */
class DockerRuntimeTest {
  private static final long MIB = 1024 * 1024;
  private static final String TASK = "arn:aws:ecs:us-east-1:000000000000:task/demo/0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;
  private FakeDockerEngine engine;
  private DockerRuntime docker;

  @BeforeEach
  void start() throws Exception {
    engine = new FakeDockerEngine(dir);
    docker = DockerRuntime.connect(engine.socket, new Random(1));
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  private static ContainerSpec web(String image) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GREETING", "hello");
    env.put("EMPTY", "");
    return new ContainerSpec("app", image, List.of("/bin/server"), List.of("--port", "80"), env, 256, 128, 64, true,
        List.of(new PortMapping(80, 8080, "tcp"), new PortMapping(53, 0, "udp")), Duration.ofSeconds(7));
  }

  private static TaskSpec task(ContainerSpec c) {
    return new TaskSpec(TASK, "web", 3, List.of(c));
  }

  @Test
  void theCreateRequestCarriesTheContainerDefinition() throws Exception {
    Started started = docker.start(task(web("nginx:1.25")), web("nginx:1.25"));

    var pull = engine.last("POST", "/images/create");
    assertEquals(Map.of("fromImage", "nginx", "tag", "1.25"), pull.query());
    var create = engine.last("POST", "/containers/create");
    assertTrue(create.query().get("name").startsWith("ecs-web-3-app-"), create.query().toString());
    JsonNode body = create.body();
    assertEquals("nginx:1.25", body.path("Image").asText());
    assertEquals(List.of("/bin/server"), strings(body.path("Entrypoint")));
    assertEquals(List.of("--port", "80"), strings(body.path("Cmd")));
    assertEquals(List.of("GREETING=hello", "EMPTY="), strings(body.path("Env")));
    assertEquals(TASK, body.path("Labels").path("com.amazonaws.ecs.task-arn").asText());
    assertEquals("app", body.path("Labels").path("com.amazonaws.ecs.container-name").asText());
    assertTrue(body.path("ExposedPorts").has("80/tcp") && body.path("ExposedPorts").has("53/udp"));
    JsonNode host = body.path("HostConfig");
    assertEquals("8080", host.path("PortBindings").path("80/tcp").path(0).path("HostPort").asText());
    assertEquals("", host.path("PortBindings").path("53/udp").path(0).path("HostPort").asText(), "Docker picks");
    assertEquals(128 * MIB, host.path("Memory").asLong());
    assertEquals(64 * MIB, host.path("MemoryReservation").asLong());
    assertEquals(256, host.path("CpuShares").asInt());

    assertEquals(64, started.runtimeId().length());
    assertEquals(List.of(new NetworkBinding("0.0.0.0", 80, 8080, "tcp"), new NetworkBinding("0.0.0.0", 53, 32768, "udp")),
        started.networkBindings().stream().sorted((a, b) -> b.containerPort() - a.containerPort()).toList());
  }

  @Test
  void startWaitStopAndRemoveAreCalledInOrderAndTheExitCodeComesBack() throws Exception {
    ContainerSpec c = web("busybox");
    String id = docker.start(task(c), c).runtimeId();
    CompletableFuture<ContainerExit> exit = CompletableFuture.supplyAsync(() -> {
      try {
        return docker.await(id);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    engine.waiting.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    assertFalse(exit.isDone(), "wait blocks while the container runs");
    docker.stop(id, c.stopTimeout());
    assertEquals(new ContainerExit(143, null), exit.get(30, TimeUnit.SECONDS));
    docker.remove(id);

    String container = "/v1.41/containers/" + id;
    assertEquals(List.of(
        "POST /v1.41/images/create",
        "POST /v1.41/containers/create",
        "POST " + container + "/start",
        "GET " + container + "/json",
        "POST " + container + "/wait",
        "POST " + container + "/stop",
        "GET " + container + "/json",
        "DELETE " + container), engine.lines());
    assertEquals("7", engine.last("POST", "/stop").query().get("t"), "the stop timeout, in seconds");
    assertEquals("1", engine.last("DELETE", id).query().get("force"));
  }

  @Test
  void aContainerThatExitsOnItsOwnGivesItsExitCodeAndTheOutOfMemoryReason() throws Exception {
    ContainerSpec c = web("busybox");
    String first = docker.start(task(c), c).runtimeId();
    engine.exit(first, 3, false);
    assertEquals(new ContainerExit(3, null), docker.await(first));

    String second = docker.start(task(c), c).runtimeId();
    engine.exit(second, 137, true);
    assertEquals(new ContainerExit(137, DockerRuntime.OUT_OF_MEMORY), docker.await(second));
  }

  @Test
  void aFailedPullFailsTheStartWithTheEnginesMessage() {
    engine.missingImages.add("registry.example.com/team/app");
    ContainerSpec c = web("registry.example.com/team/app:2");
    var e = assertThrows(ContainerStartException.class, () -> docker.start(task(c), c));
    assertEquals("CannotPullContainerError: manifest unknown", e.getMessage());
    assertEquals(List.of("POST /v1.41/images/create"), engine.lines(), "nothing is created");
  }

  @Test
  void aMinimalContainerGetsTheImagesOwnCommandAndDockersMinimumCpuShares() throws Exception {
    ContainerSpec bare = new ContainerSpec("bare", "busybox", List.of(), List.of(), Map.of(), 0, null, null, true,
        List.of(), Duration.ofSeconds(30));
    docker.start(task(bare), bare);
    JsonNode body = engine.last("POST", "/containers/create").body();
    assertFalse(body.has("Entrypoint") || body.has("Cmd"), body.toString());
    assertFalse(body.path("HostConfig").has("Memory") || body.path("HostConfig").has("MemoryReservation"));
    assertEquals(2, body.path("HostConfig").path("CpuShares").asInt());
    assertEquals("latest", engine.last("POST", "/images/create").query().get("tag"));
  }

  @Test
  void theVersionNamesTheEngine() {
    assertEquals("DockerVersion: 24.0.7", docker.version());
  }

  private static List<String> strings(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
