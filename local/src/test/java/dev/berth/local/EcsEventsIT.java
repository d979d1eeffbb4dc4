package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.EcsEventDetails;
import dev.berth.core.Config;
import dev.berth.core.events.EcsEvents;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.EventBus;
import dev.berth.core.store.TaskStore;
import dev.berth.functions.taskstate.TaskStateHandler;
import dev.berth.model.Arns;
import dev.berth.protocol.Shapes;
import dev.berth.store.AwsModule;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoServiceStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.EventBridgeBus;
import dev.berth.store.testing.Emulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ECS's EventBridge events on the emulator's EventBridge, read the way a user would: a rule on the
 * bus with an SQS target. A task's life through RunTask, RUNNING and STOPPED arrives in order with
 * ECS's detail and versions; a crash between a state write and its event, and one between the event
 * and the clearing of its mark, are mended by the sweep, the repeated event carrying the same version.
 */
class EcsEventsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

  private final EventBridgeClient eventBridge =
      AwsModule.eventBridge(Config.withPrefix("unused", java.util.Optional.of(Emulator.endpoint())),
          AwsModule.httpClient(), AwsModule.credentials());
  private String bus;
  private String queueUrl;
  private Berth berth;

  @BeforeEach
  void bus() throws Exception {
    bus = "berth-events-" + UUID.randomUUID().toString().substring(0, 8);
    eventBridge.createEventBus(b -> b.name(bus));
    queueUrl = Emulator.sqs().createQueue(b -> b.queueName(bus)).queueUrl();
    String queueArn = Emulator.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    eventBridge.putRule(b -> b.name("ecs-events").eventBusName(bus)
        .eventPattern("{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Task State Change\","
            + "\"ECS Container Instance State Change\",\"ECS Service Action\",\"ECS Deployment State Change\"]}"));
    eventBridge.putTargets(b -> b.rule("ecs-events").eventBusName(bus)
        .targets(t -> t.id("queue").arn(queueArn)));
    berth = Berth.startWithEvents("events", new Config.Events(bus, "aws.ecs"));
    berth.createCluster("ev");
    berth.ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(
        ContainerDefinition.builder().name("app").image("busybox").cpu(256).memory(128).build()));
  }

  @AfterEach
  void close() {
    berth.close();
    eventBridge.removeTargets(b -> b.rule("ecs-events").eventBusName(bus).ids("queue"));
    eventBridge.deleteRule(b -> b.name("ecs-events").eventBusName(bus));
    eventBridge.deleteEventBus(b -> b.name(bus));
    Emulator.sqs().deleteQueue(b -> b.queueUrl(queueUrl));
  }

  @Test
  void aTasksLifeArrivesInOrderWithEcsDetailAndVersions() throws Exception {
    String instanceArn = berth.registerInstance("ev", 1024, 2048);
    String taskArn = berth.ecs.runTask(b -> b.cluster("ev").taskDefinition("web")).tasks().get(0).taskArn();
    long pendingVersion = describe(taskArn).version();
    berth.ecs.submitTaskStateChange(b -> b.cluster("ev").task(taskArn).status("RUNNING")
        .containers(c -> c.containerName("app").status("RUNNING")));
    berth.drainTaskStateQueue();
    long runningVersion = describe(taskArn).version();
    berth.ecs.stopTask(b -> b.cluster("ev").task(taskArn));
    long stoppingVersion = describe(taskArn).version();
    berth.ecs.submitTaskStateChange(b -> b.cluster("ev").task(taskArn).status("STOPPED")
        .containers(c -> c.containerName("app").status("STOPPED").exitCode(0)));
    berth.drainTaskStateQueue();
    long stoppedVersion = describe(taskArn).version();

    List<JsonNode> events = receive();
    List<JsonNode> taskEvents = ofType(events, "ECS Task State Change");
    assertEquals(List.of("PENDING/RUNNING", "RUNNING/RUNNING", "RUNNING/STOPPED", "STOPPED/STOPPED"),
        taskEvents.stream().map(e -> e.at("/detail/lastStatus").asText() + "/" + e.at("/detail/desiredStatus").asText())
            .toList());
    assertEquals(List.of(pendingVersion, runningVersion, stoppingVersion, stoppedVersion),
        taskEvents.stream().map(e -> e.at("/detail/version").asLong()).toList());
    for (JsonNode e : taskEvents) {
      assertEquals("0", e.get("version").asText());
      assertEquals("aws.ecs", e.get("source").asText());
      assertEquals(taskArn, e.at("/resources/0").asText());
      JsonNode detail = e.get("detail");
      assertEquals(taskArn, detail.get("taskArn").asText());
      assertEquals(berth.ecs.describeClusters(b -> b.clusters("ev")).clusters().get(0).clusterArn(),
          detail.get("clusterArn").asText());
      assertEquals(instanceArn, detail.get("containerInstanceArn").asText());
      assertEquals("family:web", detail.get("group").asText());
      assertEquals("EC2", detail.get("launchType").asText());
      assertEquals("256", detail.get("cpu").asText());
      assertEquals("app", detail.at("/containers/0/name").asText());
      assertTrue(ISO_MILLIS.matcher(detail.get("createdAt").asText()).matches(), detail.get("createdAt").asText());
      assertTrue(ISO_MILLIS.matcher(detail.get("updatedAt").asText()).matches());
      assertFalse(detail.has("healthStatus"), "ECS's task events carry no health");
    }
    assertEquals("RUNNING", taskEvents.get(1).at("/detail/containers/0/lastStatus").asText());
    assertTrue(ISO_MILLIS.matcher(taskEvents.get(1).at("/detail/startedAt").asText()).matches());
    assertEquals("UserInitiated", taskEvents.get(3).at("/detail/stopCode").asText());
    assertEquals("STOPPED", taskEvents.get(3).at("/detail/containers/0/lastStatus").asText());

    // the instance: registered, then its resources taken by the task and given back
    List<JsonNode> instanceEvents = ofType(events, "ECS Container Instance State Change");
    assertTrue(instanceEvents.size() >= 3, instanceEvents.toString());
    List<Long> versions = instanceEvents.stream().map(e -> e.at("/detail/version").asLong()).toList();
    assertEquals(versions.stream().sorted().distinct().toList(), versions, "instance versions only go up");
    List<Integer> remaining = new ArrayList<>();
    instanceEvents.forEach(e -> {
      int cpu = remainingCpu(e.get("detail"));
      if (remaining.isEmpty() || remaining.get(remaining.size() - 1) != cpu) {
        remaining.add(cpu);
      }
    });
    assertEquals(List.of(1024, 768, 1024), remaining);
    JsonNode last = instanceEvents.get(instanceEvents.size() - 1).get("detail");
    assertEquals(berth.describeInstance("ev", instanceArn).version(), last.get("version").asLong());
    assertEquals(instanceArn, last.get("containerInstanceArn").asText());
    assertTrue(last.get("agentConnected").asBoolean());
    assertEquals("ACTIVE", last.get("status").asText());
  }

  @Test
  void aCrashBetweenTheWriteAndTheEventIsMendedByTheSweepWithTheSameVersion() throws Exception {
    berth.registerInstance("ev", 1024, 2048);
    String taskArn = berth.ecs.runTask(b -> b.cluster("ev").taskDefinition("web")).tasks().get(0).taskArn();
    receive();
    berth.ecs.submitTaskStateChange(b -> b.cluster("ev").task(taskArn).status("RUNNING"));
    // The task-state function writes RUNNING, then dies before its PutEvents: here its bus is gone.
    Config crashing = berth.config.withEvents(new Config.Events(bus + "-gone", "aws.ecs"));
    berth.drainQueue(berth.config.taskStateQueueUrl(), new TaskStateHandler(crashing, berth.clock));
    long running = describe(taskArn).version();
    assertEquals("RUNNING", describe(taskArn).lastStatus());
    assertEquals(List.of(), ofType(receive(), "ECS Task State Change"), "nothing was sent");

    // The sweep does not touch a mark younger than its writer could still be sending ...
    assertEquals(0, berth.reconcilerAt(Clock.systemUTC()).events().redrive("ev"));
    // ... and sends it once it is older; this time the sender dies after PutEvents, before the clear.
    Clock later = Clock.offset(Clock.systemUTC(), EcsEvents.REDRIVE_AFTER.plus(Duration.ofSeconds(1)));
    Arns arns = new Arns(berth.config.region());
    EcsEvents dyingAfterPut = new EcsEvents(new DynamoTaskStore(Emulator.dynamo(), berth.config),
        new DynamoContainerInstanceStore(Emulator.dynamo(), berth.config),
        new DynamoServiceStore(Emulator.dynamo(), berth.config),
        new EventBridgeBus(() -> new DiesAfterPut(eventBridge), berth.config),
        new EcsEventDetails(new Shapes(arns)), arns, later);
    assertThrowsCrash(() -> dyingAfterPut.redrive("ev"));
    // the next sweep sends it again, and this time clears it
    assertTrue(berth.reconcilerAt(later).events().redrive("ev") >= 1);
    assertEquals(0, berth.reconcilerAt(later).events().redrive("ev"), "nothing is left pending");

    List<JsonNode> taskEvents = ofType(receive(), "ECS Task State Change");
    assertEquals(2, taskEvents.size(), taskEvents.toString());
    assertEquals(taskEvents.get(0).get("detail"), taskEvents.get(1).get("detail"), "a duplicate, detail and all");
    assertEquals(running, taskEvents.get(0).at("/detail/version").asLong());
    assertEquals("RUNNING", taskEvents.get(0).at("/detail/lastStatus").asText());
  }

  @Test
  void aServicePassSendsItsDeploymentAndItsPlacementFailure() throws Exception {
    String serviceArn = berth.ecs.createService(b -> b.cluster("ev").serviceName("web").taskDefinition("web")
        .desiredCount(1)).service().serviceArn();
    String deploymentId = berth.ecs.describeServices(b -> b.cluster("ev").services("web")).services().get(0)
        .deployments().get(0).id();
    // the pass the creation causes finds no instance to place the task on
    berth.drainQueue(berth.config.reconcileQueueUrl(),
        new dev.berth.functions.reconciler.ReconcilerHandler(berth.reconcilerAt(Clock.systemUTC())));

    List<JsonNode> events = receive();
    List<JsonNode> deployments = ofType(events, "ECS Deployment State Change");
    assertEquals(1, deployments.size(), events.toString());
    JsonNode inProgress = deployments.get(0);
    assertEquals(serviceArn, inProgress.at("/resources/0").asText());
    assertEquals("SERVICE_DEPLOYMENT_IN_PROGRESS", inProgress.at("/detail/eventName").asText());
    assertEquals("INFO", inProgress.at("/detail/eventType").asText());
    assertEquals(deploymentId, inProgress.at("/detail/deploymentId").asText());
    assertEquals("ECS deployment " + deploymentId + " in progress.", inProgress.at("/detail/reason").asText());
    assertTrue(ISO_MILLIS.matcher(inProgress.at("/detail/updatedAt").asText()).matches());

    List<JsonNode> actions = ofType(events, "ECS Service Action");
    assertEquals(1, actions.size(), events.toString());
    JsonNode failure = actions.get(0);
    assertEquals(serviceArn, failure.at("/resources/0").asText());
    assertEquals("ERROR", failure.at("/detail/eventType").asText());
    assertEquals("SERVICE_TASK_PLACEMENT_FAILURE", failure.at("/detail/eventName").asText());
    assertEquals(berth.ecs.describeClusters(b -> b.clusters("ev")).clusters().get(0).clusterArn(),
        failure.at("/detail/clusterArn").asText());
    assertFalse(failure.get("detail").has("version"), "service actions carry no version");

    // nothing is sent twice: the next sweep finds nothing pending, a second pass logs nothing new
    Clock later = Clock.offset(Clock.systemUTC(), EcsEvents.REDRIVE_AFTER.plus(Duration.ofSeconds(1)));
    assertEquals(0, berth.reconcilerAt(later).events().redrive("ev"));
    assertEquals(List.of(), receive());
  }

  private static void assertThrowsCrash(Runnable r) {
    try {
      r.run();
    } catch (Crash expected) {
      return;
    }
    throw new AssertionError("the injected crash did not happen");
  }

  private software.amazon.awssdk.services.ecs.model.Task describe(String taskArn) {
    return berth.ecs.describeTasks(b -> b.cluster("ev").tasks(taskArn)).tasks().get(0);
  }

  private static int remainingCpu(JsonNode instance) {
    for (JsonNode r : instance.get("remainingResources")) {
      if ("CPU".equals(r.get("name").asText())) {
        return r.get("integerValue").asInt();
      }
    }
    throw new AssertionError("no CPU in " + instance);
  }

  private static List<JsonNode> ofType(List<JsonNode> events, String detailType) {
    return events.stream().filter(e -> detailType.equals(e.get("detail-type").asText())).toList();
  }

  /** Every event the rule delivered so far, in the order the queue hands them out. */
  private List<JsonNode> receive() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    while (true) {
      var messages = Emulator.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
          .waitTimeSeconds(1)).messages();
      if (messages.isEmpty()) {
        return out;
      }
      for (var m : messages) {
        out.add(JSON.readTree(m.body()));
        Emulator.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
  }

  /** The process dying right after EventBridge took a task's event: nothing after that PutEvents happens. */
  private static final class Crash extends RuntimeException {
    Crash() {
      super("injected crash after PutEvents");
    }
  }

  private record DiesAfterPut(EventBridgeClient real) implements EventBridgeClient {
    @Override
    public PutEventsResponse putEvents(PutEventsRequest request) {
      var response = real.putEvents(request);
      if (request.entries().stream().anyMatch(e -> e.detailType().equals("ECS Task State Change"))) {
        throw new Crash();
      }
      return response;
    }

    @Override
    public String serviceName() {
      return real.serviceName();
    }

    @Override
    public void close() {}
  }
}
