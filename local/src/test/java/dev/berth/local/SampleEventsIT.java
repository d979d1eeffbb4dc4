package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.core.Config;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.functions.endpoint.Invoker;
import dev.berth.model.Container;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskOverride;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.testing.Emulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * What keeps {@code sam local invoke <Function> -e events/<file>.json} working where it cannot run:
 * every function in template.yaml names a handler class that exists, has a sample event, and
 * handles that event against the emulator. Events are named {@code <function>-<what>.json}.
 */
class SampleEventsIT {
  private static final Map<String, String> FUNCTION_BY_PREFIX = Map.of(
      "endpoint-", "EcsEndpointFunction",
      "registration-", "RegistrationFunction",
      "run-task-", "RunTaskFunction",
      "reads-", "ReadsFunction",
      "task-state-", "TaskStateFunction",
      "services-", "ServicesFunction",
      "reconciler-", "ReconcilerFunction",
      "sweep-", "SweepFunction");
  private static final ObjectMapper EVENTS = JsonMapper.builder()
      .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .build();
  private static final String SAMPLE_TASK_ID = "0123456789abcdef0123456789abcdef";

  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-sample-events");
  private static Berth berth;
  private static Config config;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    config = berth.config;
  }

  /** Logical id -> handler string, for every function in the template. */
  private static Map<String, String> handlers() throws Exception {
    Map<String, String> out = new TreeMap<>();
    Template.resources("AWS::Serverless::Function")
        .forEach((id, resource) -> out.put(id, (String) Template.properties(resource).get("Handler")));
    return out;
  }

  private static List<Path> events() throws Exception {
    try (Stream<Path> files = Files.list(Template.ROOT.resolve("events"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static String functionOf(Path event) {
    String name = event.getFileName().toString();
    return FUNCTION_BY_PREFIX.entrySet().stream().filter(e -> name.startsWith(e.getKey())).map(Map.Entry::getValue)
        .findFirst().orElseThrow(() -> new AssertionError(name + " is not named after a function"));
  }

  @Test
  void everyFunctionNamesAnExistingHandlerAndHasASampleEvent() throws Exception {
    Map<String, String> handlers = handlers();
    assertEquals(Set.copyOf(FUNCTION_BY_PREFIX.values()), handlers.keySet());
    for (var entry : handlers.entrySet()) {
      String[] parts = entry.getValue().split("::");
      Class<?> type = Class.forName(parts[0]);
      assertTrue(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type),
          entry.getKey() + " handler is a Lambda handler");
      assertTrue(Stream.of(type.getMethods()).anyMatch(m -> m.getName().equals(parts[1])), entry.getValue());
      assertNotNull(type.getConstructor(), entry.getKey() + " has the no-argument constructor Lambda uses");
      assertTrue(events().stream().anyMatch(e -> functionOf(e).equals(entry.getKey())),
          entry.getKey() + " has a sample event");
    }
  }

  @Test
  void everySampleEventIsHandled() throws Exception {
    // What the events refer to: cluster "sample", task definition "sample-web", one running task.
    APIGatewayV2HTTPResponse created = http("registration-create-cluster.json");
    assertEquals(200, created.getStatusCode(), created.getBody());
    String instance = berth.registerInstance("sample", 2048, 4096, "22");
    berth.ecs.registerTaskDefinition(b -> b.family("sample-web").containerDefinitions(
        ContainerDefinition.builder().name("web").image("nginx").memory(128).build()));
    placeSampleTask(instance.substring(instance.lastIndexOf('/') + 1));

    // in the order a user meets them: a service is created before a pass reconciles it
    List<String> order = List.of("EcsEndpointFunction", "RegistrationFunction", "ReadsFunction", "RunTaskFunction",
        "ServicesFunction", "ReconcilerFunction", "SweepFunction", "TaskStateFunction");
    List<Path> inOrder = events().stream()
        .sorted(java.util.Comparator.comparingInt((Path e) -> order.indexOf(functionOf(e)))).toList();
    for (Path event : inOrder) {
      String name = event.getFileName().toString();
      switch (functionOf(event)) {
        case "RegistrationFunction", "RunTaskFunction", "ReadsFunction", "ServicesFunction" -> {
          APIGatewayV2HTTPResponse response = http(name);
          assertEquals(200, response.getStatusCode(), name + ": " + response.getBody());
          assertFalse(EVENTS.readTree(response.getBody()).isEmpty(), name);
        }
        case "EcsEndpointFunction" -> {
          Invoker invoker = new LocalInvoker(config);
          var master = new dev.berth.auth.identity.LocalMasterKey(dev.berth.auth.identity.LocalMasterKey.generate());
          // The sample event is not signed (a signature is valid for minutes only): with authentication
          // on, as deployed, it is refused before anything runs; with it off it reaches its function.
          var out = new ByteArrayOutputStream();
          new dev.berth.functions.endpoint.EndpointHandler(config, Emulator.dynamo(), master, Clock.systemUTC(),
              invoker, LocalBerth.TEST_SETTINGS)
              .handleRequest(new ByteArrayInputStream(Files.readAllBytes(event)), out, null);
          JsonNode refused = EVENTS.readTree(out.toByteArray());
          assertEquals(400, refused.path("statusCode").asInt(), name + ": " + refused);
          assertTrue(refused.path("body").asText().contains("MissingAuthenticationTokenException"), name + ": " + refused);
          out = new ByteArrayOutputStream();
          new dev.berth.functions.endpoint.EndpointHandler(config, Emulator.dynamo(), master, Clock.systemUTC(),
              invoker, new dev.berth.functions.endpoint.Endpoints.Settings(false, 0, java.time.Duration.ofDays(1)))
              .handleRequest(new ByteArrayInputStream(Files.readAllBytes(event)), out, null);
          JsonNode response = EVENTS.readTree(out.toByteArray());
          assertEquals(200, response.path("statusCode").asInt(), name + ": " + response);
          assertTrue(response.path("body").asText().contains("cluster/sample"), name + ": " + response);
        }
        case "TaskStateFunction" -> {
          SQSEvent sqs = EVENTS.readValue(event.toFile(), SQSEvent.class);
          assertFalse(sqs.getRecords().isEmpty(), name);
          JsonNode response = stream(new dev.berth.functions.taskstate.TaskStateHandler(config), event);
          assertEquals(0, response.path("batchItemFailures").size(), name + ": " + response);
          Task task = new DynamoTaskStore(Emulator.dynamo(), config).get("sample", SAMPLE_TASK_ID).orElseThrow();
          assertEquals("RUNNING", task.lastStatus(), name + " applied its state change");
        }
        case "ReconcilerFunction" -> {
          JsonNode response = stream(new dev.berth.functions.reconciler.ReconcilerHandler(config, Clock.systemUTC()), event);
          assertTrue(response.path("batchItemFailures").isArray(), name + ": " + response);
          assertEquals(0, response.path("batchItemFailures").size(), name + ": " + response);
          var service = berth.ecs.describeServices(b -> b.cluster("sample").services("sample-svc")).services().get(0);
          assertEquals(1, service.deployments().get(0).pendingCount(), name + " started the service's task");
        }
        case "SweepFunction" -> {
          JsonNode sent = stream(new dev.berth.functions.reconciler.SweepHandler(config, Clock.systemUTC()), event);
          assertEquals(1, sent.path("clusters").asInt(), name + ": " + sent);
        }
        default -> throw new AssertionError(name);
      }
    }
    var run = EVENTS.readTree(http("run-task-run-task.json").getBody());
    assertEquals(List.of(), berth.ledgerDrift("sample"), run.toString());

    // The same events through each function's own shaded jar, in a JVM of its own: what Lambda runs.
    // Events that would change what the others found are left out (RunTask, CreateService).
    for (Path event : inOrder) {
      String function = functionOf(event);
      if (!function.equals("RunTaskFunction") && !function.equals("ServicesFunction")) {
        inItsOwnJvm(function, event);
      }
    }
  }

  /**
   * Runs the function's handler from its shaded jar on the sample event in a fresh JVM and checks that
   * it answers without building an ObjectMapper: one costs a cold start about 700 classes, and Berth
   * reads and writes its JSON trees without one (dev.berth.json.JsonTrees).
   */
  private static void inItsOwnJvm(String function, Path event) throws Exception {
    String handler = handlers().get(function).split("::")[0];
    String module = switch (function) {
      case "EcsEndpointFunction" -> "endpoint";
      case "RegistrationFunction" -> "registration";
      case "ReadsFunction" -> "reads";
      case "TaskStateFunction" -> "task-state";
      case "ReconcilerFunction", "SweepFunction" -> "reconciler";
      default -> throw new AssertionError(function);
    };
    Path jar;
    try (Stream<Path> files = Files.list(Template.ROOT.resolve("functions").resolve(module).resolve("target"))) {
      jar = files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded jar of " + module + ": run mvn package first"));
    }
    Path classes = Path.of(StreamHandlerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path loaded = Files.createTempFile("berth-classes-" + module, ".log");
    ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load:file=" + loaded, "-cp", jar + java.io.File.pathSeparator + classes,
        StreamHandlerMain.class.getName(), handler, event.toString()).redirectErrorStream(true);
    process.environment().clear();
    process.environment().putAll(
        Emulator.functionEnvironment(config, "arn:aws:kms:us-east-1:000000000000:key/sample-events"));
    Process child = process.start();
    String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), function + ": " + output);
    String[] lines = output.strip().split("\n");
    JsonNode answer = EVENTS.readTree(lines[lines.length - 1]);
    switch (function) {
      case "EcsEndpointFunction" -> assertEquals(400, answer.path("statusCode").asInt(), function + ": " + answer);
      case "RegistrationFunction", "ReadsFunction" ->
          assertEquals(200, answer.path("statusCode").asInt(), function + ": " + answer);
      case "TaskStateFunction", "ReconcilerFunction" ->
          assertEquals(0, answer.path("batchItemFailures").size(), function + ": " + answer);
      default -> assertTrue(answer.has("clusters"), function + ": " + answer);
    }
    List<String> mappers = Files.readAllLines(loaded).stream()
        .filter(l -> l.contains(" com.fasterxml.jackson.databind.ObjectMapper ")).toList();
    Files.delete(loaded);
    assertEquals(List.of(), mappers, function + " built an ObjectMapper on its way to an answer");
  }


  /** A sample event's bytes through a function's stream handler, as Lambda passes them; its answer as JSON. */
  private static JsonNode stream(RequestStreamHandler handler, Path event) throws Exception {
    var out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(event)), out, null);
    return EVENTS.readTree(out.toByteArray());
  }

  /** The sample event's bytes through the function's stream handler, as Lambda (and sam local invoke) passes them. */
  private static APIGatewayV2HTTPResponse http(String file) throws Exception {
    byte[] event = Files.readAllBytes(Template.ROOT.resolve("events").resolve(file));
    String function = functionOf(Path.of(file));
    RequestStreamHandler handler = switch (function) {
      case "RegistrationFunction" -> new dev.berth.functions.registration.RegistrationHandler(config);
      case "RunTaskFunction" -> new dev.berth.functions.runtask.RunTaskHandler(config);
      case "ReadsFunction" -> new dev.berth.functions.reads.ReadsHandler(config);
      case "ServicesFunction" -> new dev.berth.functions.services.ServicesHandler(config);
      default -> throw new AssertionError(function);
    };
    var out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    return EVENTS.readValue(out.toByteArray(), APIGatewayV2HTTPResponse.class);
  }

  /** The task the task-state sample event names, placed through the ledger like any other. */
  private static void placeSampleTask(String instanceId) {
    Resources need = new Resources(0, 128, Set.of(), Set.of());
    var instances = new DynamoContainerInstanceStore(Emulator.dynamo(), config);
    assertTrue(instances.reserve(instances.get("sample", instanceId).orElseThrow(), SAMPLE_TASK_ID, need, "family:sample-web", Instant.now()).reserved());
    Task task = new Task("sample", SAMPLE_TASK_ID, "sample-web", 1, instanceId, null, "PENDING", "RUNNING", need,
        List.of(new Container("c0ffee0123456789abcdef0123456789", "web", "nginx", null, "PENDING", null, null,
            List.of(), 0, 128, null)), TaskOverride.NONE, null, "family:sample-web", Instant.now(), null, null, null,
        null, null, null, null, null, 1, List.of());
    assertTrue(new DynamoTaskStore(Emulator.dynamo(), config).create(task));
  }
}
