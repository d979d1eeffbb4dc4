package dev.berth.protocol;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.Arns;
import dev.berth.model.Attribute;
import dev.berth.model.Container;
import dev.berth.model.ContainerInstance;
import dev.berth.model.NetworkBinding;
import dev.berth.model.Region;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShapesTest {
  private static final String TASK_ID = "0123456789abcdef0123456789abcdef";
  private static final String INSTANCE_ID = "fedcba9876543210fedcba9876543210";
  private static final Instant CREATED = Instant.ofEpochMilli(1_700_000_000_123L);

  private final Shapes shapes = new Shapes(new Arns(Region.of("us-east-1", "123456789012")));

  private static Container container(Integer exitCode, List<NetworkBinding> bindings, Integer memory) {
    return new Container("c1", "web", "nginx", null, "RUNNING", exitCode, null, bindings, 0, memory, null);
  }

  private static Task task(Container container, Instant startedAt, String stopCode) {
    return new Task("prod", TASK_ID, "web", 3, INSTANCE_ID, "us-east-1a", "RUNNING", "RUNNING",
        new Resources(256, 512, Set.of(), Set.of()), List.of(container), null, null, "family:web", CREATED,
        startedAt, null, null, null, null, null, stopCode, null, 2, null);
  }

  /** The node as a client sees it: written out and parsed back. */
  private static JsonNode wire(ObjectNode node) throws Exception {
    return JsonTrees.read(JsonTrees.text(node));
  }

  @Test
  void timestampsAreEpochSecondsWithMillisecondFraction() throws Exception {
    ObjectNode o = Shapes.object();
    Shapes.time(o, "createdAt", CREATED);
    assertEquals("{\"createdAt\":1700000000.123}", JsonTrees.text(o));
  }

  @Test
  void wholeSecondTimestampIsAPlainNumber() throws Exception {
    ObjectNode o = Shapes.object();
    Shapes.time(o, "createdAt", Instant.ofEpochSecond(1_700_000_000L));
    JsonNode back = wire(o).path("createdAt");
    assertTrue(back.isNumber());
    assertEquals(0, back.decimalValue().compareTo(BigDecimal.valueOf(1_700_000_000L)));
    assertFalse(JsonTrees.text(o).contains("E"));
  }

  @Test
  void nullTimestampIsOmitted() {
    ObjectNode o = Shapes.object();
    Shapes.time(o, "stoppedAt", null);
    assertFalse(o.has("stoppedAt"));
  }

  @Test
  void taskCpuAndMemoryAreStrings() throws Exception {
    JsonNode t = wire(shapes.task(task(container(null, List.of(), null), null, null)));
    assertEquals("256", t.path("cpu").textValue());
    assertEquals("512", t.path("memory").textValue());
  }

  @Test
  void taskCarriesItsArns() throws Exception {
    JsonNode t = wire(shapes.task(task(container(null, List.of(), null), null, null)));
    assertEquals("arn:aws:ecs:us-east-1:123456789012:task/prod/" + TASK_ID, t.path("taskArn").asText());
    assertEquals("arn:aws:ecs:us-east-1:123456789012:cluster/prod", t.path("clusterArn").asText());
    assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", t.path("taskDefinitionArn").asText());
    assertEquals("arn:aws:ecs:us-east-1:123456789012:container-instance/prod/" + INSTANCE_ID,
        t.path("containerInstanceArn").asText());
  }

  @Test
  void unsetTaskMembersAreOmitted() throws Exception {
    JsonNode t = wire(shapes.task(task(container(null, List.of(), null), null, null)));
    assertFalse(t.has("startedAt"));
    assertFalse(t.has("stoppedAt"));
    assertFalse(t.has("stopCode"));
    assertFalse(t.has("startedBy"));
    assertEquals(2, t.path("version").asLong());
    assertEquals(1700000000.123, t.path("createdAt").asDouble(), 0.0005);
  }

  @Test
  void setTaskMembersArePresent() throws Exception {
    JsonNode t = wire(shapes.task(task(container(null, List.of(), null), CREATED.plusSeconds(5), "UserInitiated")));
    assertEquals(1700000005.123, t.path("startedAt").asDouble(), 0.0005);
    assertEquals("UserInitiated", t.path("stopCode").asText());
  }

  @Test
  void containerExitCodeIsOmittedUntilKnown() throws Exception {
    JsonNode running = wire(shapes.task(task(container(null, List.of(), null), null, null))).path("containers").get(0);
    assertFalse(running.has("exitCode"));
    JsonNode exited = wire(shapes.task(task(container(0, List.of(), null), null, null))).path("containers").get(0);
    assertTrue(exited.path("exitCode").isInt());
    assertEquals(0, exited.path("exitCode").asInt());
  }

  @Test
  void containerCpuIsAStringAndUnsetMemoryIsOmitted() throws Exception {
    JsonNode c = wire(shapes.task(task(container(null, List.of(), null), null, null))).path("containers").get(0);
    assertEquals("0", c.path("cpu").textValue());
    assertFalse(c.has("memory"));
    assertFalse(c.has("memoryReservation"));
    JsonNode withMemory = wire(shapes.task(task(container(null, List.of(), 128), null, null)))
        .path("containers").get(0);
    assertEquals("128", withMemory.path("memory").textValue());
  }

  @Test
  void networkBindingOmitsNullHostPort() throws Exception {
    List<NetworkBinding> bindings = List.of(new NetworkBinding("0.0.0.0", 80, null, "tcp"),
        new NetworkBinding("0.0.0.0", 443, 32768, "tcp"));
    JsonNode c = wire(shapes.task(task(container(null, bindings, null), null, null))).path("containers").get(0);
    JsonNode first = c.path("networkBindings").get(0);
    assertEquals(80, first.path("containerPort").asInt());
    assertFalse(first.has("hostPort"));
    assertEquals(32768, c.path("networkBindings").get(1).path("hostPort").asInt());
  }

  @Test
  void overridesOmitUnsetBoxedMembers() throws Exception {
    TaskOverride overrides = new TaskOverride(
        List.of(new TaskOverride.ContainerOverride("web", null, null, null, 256, null)), "512", null, null, null);
    JsonNode o = wire(shapes.overrides(overrides));
    JsonNode c = o.path("containerOverrides").get(0);
    assertEquals(256, c.path("memory").asInt());
    assertFalse(c.has("cpu"));
    assertFalse(c.has("memoryReservation"));
    assertFalse(c.has("command"));
    assertEquals("512", o.path("cpu").asText());
    assertFalse(o.has("memory"));
  }

  @Test
  void resourcesAlwaysCarryEveryValueField() throws Exception {
    ObjectNode o = Shapes.object();
    Shapes.resources(o.putArray("r"), List.of(Resource.integer("CPU", 2048)));
    JsonNode r = wire(o).path("r").get(0);
    assertEquals(2048, r.path("integerValue").asInt());
    assertTrue(r.has("longValue"));
    assertTrue(r.path("doubleValue").isNumber());
    assertTrue(r.path("stringSetValue").isArray());
  }

  @Test
  void containerInstanceShowsRemainingResourcesAndAlwaysPrintsCounts() throws Exception {
    ContainerInstance ci = new ContainerInstance("prod", INSTANCE_ID, "i-0abc", "ACTIVE", null, false,
        List.of(Resource.integer("CPU", 2048), Resource.integer("MEMORY", 4096),
            Resource.stringSet("PORTS", List.of("22"))),
        1024, 3000, Set.of(22, 8080), Set.of(), Map.of(), List.of(Attribute.of("ecs.os-type", "linux")), null,
        CREATED, 4, null);
    JsonNode o = wire(shapes.containerInstance(ci, 0, 0));
    assertEquals(1024, o.path("remainingResources").get(0).path("integerValue").asInt());
    assertEquals(2048, o.path("registeredResources").get(0).path("integerValue").asInt());
    assertEquals("8080", o.path("remainingResources").get(2).path("stringSetValue").get(1).asText());
    assertFalse(o.path("agentConnected").asBoolean(true));
    assertTrue(o.path("runningTasksCount").isInt());
    assertFalse(o.has("versionInfo"));
    assertFalse(o.has("statusReason"));
    assertEquals("linux", o.path("attributes").get(0).path("value").asText());
  }

  @Test
  void taskDefinitionAddsIdentityToTheStoredDocument() throws Exception {
    TaskDefinition d = new TaskDefinition("web", 4, "ACTIVE", "bridge", null, null, List.of(), null, CREATED, null,
        "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"a\"}]}", null);
    JsonNode o = wire(shapes.taskDefinition(d));
    assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:4", o.path("taskDefinitionArn").asText());
    assertEquals(4, o.path("revision").asInt());
    assertEquals("a", o.path("containerDefinitions").get(0).path("name").asText());
    assertFalse(o.has("deregisteredAt"));
  }

  @Test
  void failureOmitsUnsetArnAndDetail() {
    ObjectNode f = Shapes.failure(null, "MISSING", null);
    assertEquals("MISSING", f.path("reason").asText());
    assertFalse(f.has("arn"));
    assertFalse(f.has("detail"));
  }
}
