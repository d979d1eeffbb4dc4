package dev.berth.agent.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.config.InstanceResources;
import dev.berth.agent.report.TaskStateReport;
import dev.berth.agent.task.NetworkBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The requests the agent sends and how it reads the answers, against an in-memory endpoint. */
class ControlPlaneTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeEcs fake = new FakeEcs();
  private final ControlPlane ecs = new ControlPlane(fake);

  @Test
  void registrationSendsTheResourcesInTheEcsAgentsShape() throws Exception {
    fake.answer("RegisterContainerInstance", "{\"containerInstance\":{\"containerInstanceArn\":\"arn:ci/1\"}}");
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("stack", "blue");
    attributes.put("ecs.os-type", "linux");
    String arn = ecs.registerContainerInstance("demo", null,
        new InstanceResources(2048, 3900, List.of(22, 2375), List.of(53)), attributes,
        new ControlPlane.VersionInfo("0.1.0", "berth", "process"));
    assertEquals("arn:ci/1", arn);
    assertEquals(JSON.readTree("""
        {"cluster":"demo",
         "totalResources":[
           {"name":"CPU","type":"INTEGER","integerValue":2048},
           {"name":"MEMORY","type":"INTEGER","integerValue":3900},
           {"name":"PORTS","type":"STRINGSET","stringSetValue":["22","2375"]},
           {"name":"PORTS_UDP","type":"STRINGSET","stringSetValue":["53"]}],
         "attributes":[{"name":"stack","value":"blue"},{"name":"ecs.os-type","value":"linux"}],
         "versionInfo":{"agentVersion":"0.1.0","agentHash":"berth","dockerVersion":"process"}}"""),
        fake.calls.get(0).request());

    fake.answer("RegisterContainerInstance", "{\"containerInstance\":{\"containerInstanceArn\":\"arn:ci/1\"}}");
    ecs.registerContainerInstance("demo", "arn:ci/1", new InstanceResources(1, 1, List.of(), List.of()), Map.of(),
        new ControlPlane.VersionInfo("0.1.0", "berth", "process"));
    assertEquals("arn:ci/1", fake.calls.get(1).request().path("containerInstanceArn").asText());
  }

  @Test
  void listTasksFollowsEveryPage() throws Exception {
    fake.answer("ListTasks", "{\"taskArns\":[\"t1\",\"t2\"],\"nextToken\":\"p2\"}")
        .answer("ListTasks", "{\"taskArns\":[\"t3\"]}");
    assertEquals(List.of("t1", "t2", "t3"), ecs.listTasks("demo", "arn:ci/1", "RUNNING"));
    assertEquals(JSON.readTree("{\"cluster\":\"demo\",\"containerInstance\":\"arn:ci/1\",\"desiredStatus\":\"RUNNING\"}"),
        fake.calls.get(0).request());
    assertEquals("p2", fake.calls.get(1).request().path("nextToken").asText());
  }

  @Test
  void describeTasksAsksAHundredAtATimeAndReportsTheMissing() throws Exception {
    List<String> arns = java.util.stream.IntStream.range(0, 150).mapToObj(i -> "t" + i).toList();
    fake.answer("DescribeTasks", "{\"tasks\":[{\"taskArn\":\"t0\",\"taskDefinitionArn\":\"td:1\","
        + "\"desiredStatus\":\"RUNNING\",\"lastStatus\":\"PENDING\",\"overrides\":{\"containerOverrides\":[]}}],"
        + "\"failures\":[{\"arn\":\"t1\",\"reason\":\"MISSING\"}]}");
    fake.answer("DescribeTasks", "{\"tasks\":[],\"failures\":[]}");
    var described = ecs.describeTasks("demo", arns);
    assertEquals(100, fake.calls.get(0).request().path("tasks").size());
    assertEquals(50, fake.calls.get(1).request().path("tasks").size());
    assertEquals("td:1", described.tasks().get(0).taskDefinitionArn());
    assertEquals(List.of("t1"), described.missing());
  }

  @Test
  void aStateChangeCarriesItsContainersAndWhenExecutionStopped() throws Exception {
    var report = new TaskStateReport("arn:task/1", "STOPPED", null, List.of(
        new TaskStateReport.Container("web", "123@456", "STOPPED", 143, null,
            List.of(new NetworkBinding("0.0.0.0", 80, 8080, "tcp")))), Instant.ofEpochMilli(1_700_000_000_123L));
    ecs.submitTaskStateChange("demo", report);
    var sent = fake.calls.get(0).request();
    assertEquals("1700000000.123", sent.remove("executionStoppedAt").toString(), "epoch seconds, to the ms");
    assertEquals(JSON.readTree("""
        {"cluster":"demo","task":"arn:task/1","status":"STOPPED",
         "containers":[{"containerName":"web","status":"STOPPED","runtimeId":"123@456","exitCode":143,
                        "networkBindings":[{"bindIP":"0.0.0.0","containerPort":80,"hostPort":8080,"protocol":"tcp"}]}]}
        """), sent);
    assertFalse(sent.has("reason"));
  }

  @Test
  void heartbeatGivesTheIntervalToBeatAt() throws Exception {
    fake.answer("Heartbeat", "{\"containerInstanceArn\":\"arn:ci/1\",\"agentConnected\":true,"
        + "\"heartbeatIntervalSeconds\":20}");
    assertEquals(new ControlPlane.HeartbeatAnswer("arn:ci/1", true, Duration.ofSeconds(20)),
        ecs.heartbeat("demo", "arn:ci/1"));
  }

  @Test
  void errorCodesAreReadAsTheSdksReadThem() {
    assertEquals("ClusterNotFoundException", EcsError.code("ClusterNotFoundException"));
    assertEquals("ClusterNotFoundException",
        EcsError.code("com.amazonaws.ecs#ClusterNotFoundException:http://internal.amazon.com/"));
    assertEquals(true, new EcsError("ServerException", "x", 500).isTransient());
    assertEquals(false, new EcsError("ClientException", "x", 400).isTransient());
  }
}
