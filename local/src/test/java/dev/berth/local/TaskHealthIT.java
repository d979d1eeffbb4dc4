package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * PublishTaskHealth through the endpoint and the task-state queue: containers' health is stored,
 * the task's is derived from its essential containers, and bad input (another instance's task, an
 * unknown status or container, no tasks) is refused with a 400 and changes nothing.
 */
class TaskHealthIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-task-health");
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.ecs.registerTaskDefinition(b -> b.family("checked").containerDefinitions(
        ContainerDefinition.builder().name("web").image("busybox").cpu(128).memory(64).build(),
        ContainerDefinition.builder().name("side").image("busybox").cpu(128).memory(64).essential(false).build()));
  }

  private static HttpResponse<String> publish(String body) throws Exception {
    return RawEcs.call(berth.url(), "PublishTaskHealth", body.replace('\'', '"'), berth.adminKey);
  }

  private static String body(String instance, String task, String container, String status) {
    return "{'cluster':'health','containerInstance':'" + instance + "','tasks':[{'taskArn':'" + task
        + "','containers':[{'containerName':'" + container + "','healthStatus':'" + status
        + "','statusSince':1700000000.5,'statusMessage':'ok'}]}]}";
  }

  private static Task describe(String arn) {
    return berth.ecs.describeTasks(b -> b.cluster("health").tasks(arn)).tasks().get(0);
  }

  private static void assertRefused(HttpResponse<String> r, String type) throws Exception {
    assertEquals(400, r.statusCode(), r.body());
    JsonNode error = JSON.readTree(r.body());
    assertTrue(error.path("__type").asText().endsWith(type), r.body());
    assertTrue(!error.path("message").asText().isEmpty(), r.body());
  }

  @Test
  void healthIsStoredAndTheTaskHealthDerivedFromEssentialContainers() throws Exception {
    berth.createCluster("health");
    String mine = berth.registerInstance("health", 1024, 1024);
    String other = berth.registerInstance("health", 1024, 1024);
    Task task = berth.ecs.runTask(b -> b.cluster("health").taskDefinition("checked")).tasks().get(0);
    String owner = task.containerInstanceArn();
    String notOwner = owner.equals(mine) ? other : mine;

    assertRefused(publish(body(notOwner, task.taskArn(), "web", "HEALTHY")), "InvalidParameterException");
    assertRefused(publish(body(owner, task.taskArn(), "web", "GREAT")), "InvalidParameterException");
    assertRefused(publish(body(owner, task.taskArn(), "nope", "HEALTHY")), "InvalidParameterException");
    assertRefused(publish("{'cluster':'health','containerInstance':'" + owner + "','tasks':[]}"),
        "InvalidParameterException");
    assertEquals(0, berth.drainTaskStateQueue(), "a refused publication queues nothing");
    assertEquals("UNKNOWN", describe(task.taskArn()).healthStatusAsString());

    HttpResponse<String> ok = publish(body(owner, task.taskArn(), "side", "UNHEALTHY"));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("ACK", JSON.readTree(ok.body()).path("acknowledgment").asText());
    berth.drainTaskStateQueue();
    Task t = describe(task.taskArn());
    assertEquals("UNHEALTHY", t.containers().stream().filter(c -> c.name().equals("side")).findFirst().orElseThrow()
        .healthStatusAsString());
    assertEquals("UNKNOWN", t.healthStatusAsString(), "a non-essential container does not count");

    publish(body(owner, task.taskArn(), "web", "HEALTHY"));
    publish(body(owner, task.taskArn(), "web", "HEALTHY"));
    berth.drainTaskStateQueue();
    assertEquals("HEALTHY", describe(task.taskArn()).healthStatusAsString());
    publish(body(owner, task.taskArn(), "web", "UNHEALTHY"));
    berth.drainTaskStateQueue();
    assertEquals("UNHEALTHY", describe(task.taskArn()).healthStatusAsString());
  }
}
