package dev.berth.agent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSpecsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TaskSpecs specs = new TaskSpecs(Duration.ofSeconds(30));

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static final String DEFINITION = """
      {"family":"web","revision":4,"containerDefinitions":[
        {"name":"app","image":"nginx","cpu":256,"memory":512,"memoryReservation":128,"essential":true,
         "entryPoint":["/bin/sh","-c"],"command":["serve"],"stopTimeout":5,
         "environment":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
         "portMappings":[{"containerPort":80,"hostPort":8080,"protocol":"tcp"},{"containerPort":53}]},
        {"name":"log","image":"busybox","cpu":0,"essential":false,"environment":[]}]}""";

  @Test
  void theDefinitionIsReadWithEcsDefaults() throws Exception {
    TaskSpec spec = specs.of(new DescribedTask("arn:task/demo/abc", "td:4", "RUNNING", "PENDING", json("{}")),
        json(DEFINITION));
    assertEquals("web", spec.family());
    assertEquals(4, spec.revision());
    assertEquals("abc", spec.taskId());
    ContainerSpec app = spec.containers().get(0);
    assertEquals(List.of("/bin/sh", "-c"), app.entryPoint());
    assertEquals(List.of("serve"), app.command());
    assertEquals(Map.of("A", "1", "B", "2"), app.environment());
    assertEquals(512, app.memory());
    assertEquals(128, app.memoryReservation());
    assertEquals(256, app.cpu());
    assertEquals(Duration.ofSeconds(5), app.stopTimeout());
    assertEquals(List.of(new PortMapping(80, 8080, "tcp"), new PortMapping(53, 0, "tcp")), app.portMappings());
    ContainerSpec log = spec.containers().get(1);
    assertFalse(log.essential());
    assertNull(log.memory());
    assertEquals(Duration.ofSeconds(30), log.stopTimeout(), "ECS_CONTAINER_STOP_TIMEOUT when the container sets none");
  }

  @Test
  void containerOverridesReplaceTheCommandAndLimitsAndMergeTheEnvironment() throws Exception {
    JsonNode overrides = json("""
        {"containerOverrides":[{"name":"app","command":["serve","--debug"],
          "environment":[{"name":"B","value":"override"},{"name":"C","value":"3"}],"memory":1024,"cpu":512}]}""");
    TaskSpec spec = specs.of(new DescribedTask("arn:task/demo/abc", "td:4", "RUNNING", "PENDING", overrides),
        json(DEFINITION));
    ContainerSpec app = spec.containers().get(0);
    assertEquals(List.of("serve", "--debug"), app.command());
    assertEquals(List.of("/bin/sh", "-c"), app.entryPoint(), "an override has no entry point");
    assertEquals(Map.of("A", "1", "B", "override", "C", "3"), app.environment());
    assertEquals(1024, app.memory());
    assertEquals(512, app.cpu());
    assertEquals(128, app.memoryReservation());
    assertTrue(spec.containers().get(1).command().isEmpty(), "other containers keep their definition");
  }
}
