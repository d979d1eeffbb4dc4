package dev.berth.api;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The instance attributes a task definition requires, derived from the features it uses. */
class RequiredAttributesTest {

  private static TaskDefinitionRequest parse(String json) throws Exception {
    return TaskDefinitionRequest.parse(new Json((ObjectNode) JsonTrees.read(json), ""));
  }

  @Test
  void aPlainDefinitionRequiresNothing() throws Exception {
    var request = parse("{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\",\"memory\":64}]}");
    assertEquals(List.of(), request.requiresAttributes());
    assertEquals(0, request.document().path("requiresAttributes").size());
  }

  @Test
  void featuresBringTheirCapabilities() throws Exception {
    var request = parse("{\"family\":\"f\",\"taskRoleArn\":\"arn:aws:iam::1:role/r\","
        + "\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\",\"memory\":64,"
        + "\"healthCheck\":{\"command\":[\"CMD\",\"true\"]},\"dependsOn\":[{\"containerName\":\"d\",\"condition\":\"START\"}],"
        + "\"logConfiguration\":{\"logDriver\":\"awslogs\"}},{\"name\":\"d\",\"image\":\"i\",\"memory\":64}]}");
    assertEquals(List.of("com.amazonaws.ecs.capability.container-health-check",
        "com.amazonaws.ecs.capability.logging-driver.awslogs", "com.amazonaws.ecs.capability.task-iam-role",
        "ecs.capability.container-ordering"), request.requiresAttributes());
    List<String> shown = new ArrayList<>();
    request.document().path("requiresAttributes").forEach(a -> shown.add(a.path("name").asText()));
    assertEquals(request.requiresAttributes(), shown);
  }

  @Test
  void requiresAttributesInTheRequestIsIgnored() throws Exception {
    var request = parse("{\"family\":\"f\",\"requiresAttributes\":[{\"name\":\"made.up\"}],"
        + "\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\",\"memory\":64}]}");
    assertEquals(List.of(), request.requiresAttributes());
    assertEquals(0, request.document().path("requiresAttributes").size());
  }
}
