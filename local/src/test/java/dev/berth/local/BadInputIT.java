package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * Bad requests over raw HTTP: each gets ECS's error shape ({@code __type}, {@code message}) with a
 * 4xx status, and leaves every table and the task-state queue exactly as they were.
 */
class BadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG_NAME = "n".repeat(256);
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-bad-input");
  private static Berth berth;
  private static String taskArn;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("bad");
    berth.registerInstance("bad", 1024, 1024);
    berth.ecs.registerTaskDefinition(b -> b.family("ok").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(128).memory(64).build()));
    taskArn = berth.ecs.runTask(b -> b.cluster("bad").taskDefinition("ok")).tasks().get(0).taskArn();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("malformed JSON", "ListClusters", "{\"cluster\":", "SerializationException"),
        bad("a body that is not an object", "CreateCluster", "[\"x\"]", "SerializationException"),
        bad("an unknown operation", "Frobnicate", "{}", "UnknownOperationException"),
        bad("no target header", null, "{}", "UnknownOperationException"),
        bad("count of the wrong type", "RunTask", "{\"cluster\":\"bad\",\"taskDefinition\":\"ok\",\"count\":\"two\"}",
            "SerializationException"),
        bad("a name of the wrong type", "CreateCluster", "{\"clusterName\":5}", "SerializationException"),
        bad("a list where an object belongs", "RegisterTaskDefinition",
            "{\"family\":\"x\",\"containerDefinitions\":{\"name\":\"c\"}}", "SerializationException"),
        bad("count 0", "RunTask", "{\"cluster\":\"bad\",\"taskDefinition\":\"ok\",\"count\":0}",
            "InvalidParameterException"),
        bad("count 11", "RunTask", "{\"cluster\":\"bad\",\"taskDefinition\":\"ok\",\"count\":11}",
            "InvalidParameterException"),
        bad("an oversize cluster name", "CreateCluster", "{\"clusterName\":\"" + LONG_NAME + "\"}",
            "InvalidParameterException"),
        bad("an oversize family", "RegisterTaskDefinition", "{\"family\":\"" + LONG_NAME
            + "\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\",\"memory\":64}]}", "ClientException"),
        bad("an oversize startedBy", "RunTask", "{\"cluster\":\"bad\",\"taskDefinition\":\"ok\",\"startedBy\":\""
            + "s".repeat(129) + "\"}", "InvalidParameterException"),
        bad("an unknown cluster", "RunTask", "{\"cluster\":\"nowhere\",\"taskDefinition\":\"ok\"}",
            "ClusterNotFoundException"),
        bad("an unknown task definition", "RunTask", "{\"cluster\":\"bad\",\"taskDefinition\":\"nope\"}",
            "ClientException"),
        bad("an unknown task", "StopTask", "{\"cluster\":\"bad\",\"task\":\"0123456789abcdef0123456789abcdef\"}",
            "InvalidParameterException"),
        bad("an unknown container instance", "DeregisterContainerInstance",
            "{\"cluster\":\"bad\",\"containerInstance\":\"0123456789abcdef0123456789abcdef\"}",
            "InvalidParameterException"),
        bad("a task ARN of another cluster", "DescribeTasks",
            "{\"cluster\":\"bad\",\"tasks\":[\"arn:aws:ecs:us-east-1:000000000000:task/other/0123456789abcdef0123456789abcdef\"]}",
            "InvalidParameterException"),
        bad("a malformed cluster ARN", "ListTasks", "{\"cluster\":\"arn:aws:ecs:nowhere\"}",
            "InvalidParameterException"),
        bad("a malformed task id", "StopTask", "{\"cluster\":\"bad\",\"task\":\"not-a-task\"}",
            "InvalidParameterException"),
        bad("an empty task list", "DescribeTasks", "{\"cluster\":\"bad\",\"tasks\":[]}", "InvalidParameterException"),
        bad("a task definition over 64 KiB", "RegisterTaskDefinition", "{\"family\":\"big\",\"containerDefinitions\":"
            + "[{\"name\":\"c\",\"image\":\"i\",\"memory\":64,\"environment\":[{\"name\":\"A\",\"value\":\""
            + "x".repeat(40_000) + "\"},{\"name\":\"B\",\"value\":\"" + "x".repeat(40_000) + "\"}]}]}",
            "ClientException"),
        bad("an instance without CPU", "RegisterContainerInstance",
            "{\"cluster\":\"bad\",\"totalResources\":[{\"name\":\"MEMORY\",\"type\":\"INTEGER\",\"integerValue\":5}]}",
            "InvalidParameterException"),
        bad("a state change for an unknown task", "SubmitTaskStateChange",
            "{\"cluster\":\"bad\",\"task\":\"0123456789abcdef0123456789abcdef\",\"status\":\"RUNNING\"}",
            "InvalidParameterException"),
        bad("an invalid status", "SubmitTaskStateChange", "{\"cluster\":\"bad\",\"task\":\"TASK\",\"status\":\"DANCING\"}",
            "InvalidParameterException"),
        bad("a task definition without memory", "RegisterTaskDefinition",
            "{\"family\":\"x\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\"}]}", "ClientException"),
        bad("a placement strategy of an unknown type", "RunTask",
            "{\"cluster\":\"bad\",\"taskDefinition\":\"ok\",\"placementStrategy\":[{\"type\":\"pile\"}]}",
            "InvalidParameterException"),
        bad("maxResults 0", "ListTasks", "{\"cluster\":\"bad\",\"maxResults\":0}", "InvalidParameterException"),
        bad("an invalid nextToken", "ListClusters", "{\"nextToken\":\"!!!\"}", "InvalidParameterException"),
        bad("a service without a name", "CreateService",
            "{\"cluster\":\"bad\",\"taskDefinition\":\"ok\",\"desiredCount\":1}", "InvalidParameterException"),
        bad("a service on an unknown cluster", "CreateService",
            "{\"cluster\":\"nowhere\",\"serviceName\":\"s\",\"taskDefinition\":\"ok\",\"desiredCount\":1}",
            "ClusterNotFoundException"),
        bad("a REPLICA service without desiredCount", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"s\",\"taskDefinition\":\"ok\"}", "InvalidParameterException"),
        bad("a negative desiredCount", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"s\",\"taskDefinition\":\"ok\",\"desiredCount\":-1}",
            "InvalidParameterException"),
        bad("an oversize service name", "CreateService", "{\"cluster\":\"bad\",\"serviceName\":\"" + LONG_NAME
            + "\",\"taskDefinition\":\"ok\",\"desiredCount\":1}", "InvalidParameterException"),
        bad("a DAEMON service with a placement strategy", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"d\",\"taskDefinition\":\"ok\",\"schedulingStrategy\":\"DAEMON\","
                + "\"placementStrategy\":[{\"type\":\"binpack\",\"field\":\"cpu\"}]}", "InvalidParameterException"),
        bad("a DAEMON maximumPercent above 100", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"d\",\"taskDefinition\":\"ok\",\"schedulingStrategy\":\"DAEMON\","
                + "\"deploymentConfiguration\":{\"maximumPercent\":200}}", "InvalidParameterException"),
        bad("minimumHealthyPercent above 100", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"s\",\"taskDefinition\":\"ok\",\"desiredCount\":1,"
                + "\"deploymentConfiguration\":{\"minimumHealthyPercent\":150}}", "InvalidParameterException"),
        bad("a circuit breaker without rollback", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"s\",\"taskDefinition\":\"ok\",\"desiredCount\":1,"
                + "\"deploymentConfiguration\":{\"deploymentCircuitBreaker\":{\"enable\":true}}}",
            "InvalidParameterException"),
        bad("a service with a load balancer", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"s\",\"taskDefinition\":\"ok\",\"desiredCount\":1,"
                + "\"loadBalancers\":[{\"targetGroupArn\":\"arn:x\",\"containerName\":\"c\",\"containerPort\":80}]}",
            "InvalidParameterException"),
        bad("a service of an unknown task definition", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"s\",\"taskDefinition\":\"nope\",\"desiredCount\":1}",
            "ClientException"),
        bad("desiredCount of the wrong type", "CreateService",
            "{\"cluster\":\"bad\",\"serviceName\":\"s\",\"taskDefinition\":\"ok\",\"desiredCount\":\"one\"}",
            "SerializationException"),
        bad("updating an unknown service", "UpdateService", "{\"cluster\":\"bad\",\"service\":\"ghost\",\"desiredCount\":2}",
            "ServiceNotFoundException"),
        bad("deleting an unknown service", "DeleteService", "{\"cluster\":\"bad\",\"service\":\"ghost\"}",
            "ServiceNotFoundException"),
        bad("a service ARN of another cluster", "UpdateService",
            "{\"cluster\":\"bad\",\"service\":\"arn:aws:ecs:us-east-1:000000000000:service/other/s\"}",
            "InvalidParameterException"),
        bad("describing eleven services", "DescribeServices",
            "{\"cluster\":\"bad\",\"services\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}",
            "InvalidParameterException"),
        bad("listing the tasks of an unknown service", "ListTasks", "{\"cluster\":\"bad\",\"serviceName\":\"ghost\"}",
            "ServiceNotFoundException"),
        bad("platformDevices naming a GPU that totalResources does not", "RegisterContainerInstance",
            "{\"cluster\":\"bad\",\"totalResources\":[{\"name\":\"GPU\",\"type\":\"STRINGSET\","
                + "\"stringSetValue\":[\"gpu-0\"]}],\"platformDevices\":[{\"id\":\"gpu-1\",\"type\":\"GPU\"}]}",
            "InvalidParameterException"),
        bad("draining to an invalid status", "UpdateContainerInstancesState",
            "{\"cluster\":\"bad\",\"containerInstances\":[\"0123456789abcdef0123456789abcdef\"],\"status\":\"GONE\"}",
            "InvalidParameterException"));
  }

  private static Arguments bad(String what, String operation, String body, String type) {
    return Arguments.of(what, operation, body, type);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void isRefusedWithTheEcsErrorShapeAndWritesNothing(String what, String operation, String body, String type)
      throws Exception {
    Object before = StoreSnapshot.of(berth);
    HttpResponse<String> response = RawEcs.call(berth.url(), operation, body.replace("TASK", taskArn), berth.adminKey);

    assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, what + ": status " + response.statusCode());
    JsonNode error = JSON.readTree(response.body());
    assertEquals(type, error.path("__type").asText(), what + ": " + response.body());
    assertFalse(error.path("message").asText().isBlank(), what + ": the message says what is wrong");
    assertFalse(response.body().contains("at dev.berth"), "no stack trace reaches the client");
    assertEquals(before, StoreSnapshot.of(berth), what + " changed nothing");
  }
}
