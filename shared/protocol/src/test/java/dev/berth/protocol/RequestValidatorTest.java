package dev.berth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.model.Region;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {
  private static final String TD = "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\",\"memory\":64}]";

  private static final Region HOME = Region.of("us-east-1", "123456789012");

  private static ObjectNode valid(String operation, String body) {
    return RequestValidator.validate(operation, body, HOME);
  }

  private static EcsException refused(String operation, String body) {
    return assertThrows(EcsException.class, () -> valid(operation, body));
  }

  private static void refused(String operation, String body, String code, String naming) {
    EcsException e = refused(operation, body);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains(naming), e.getMessage());
  }

  @Test
  void everyImplementedOperationHasAModel() {
    for (String operation : Operations.GROUPS.keySet()) {
      assertTrue(RequestValidator.knows(operation), operation);
    }
  }

  @Test
  void aValidRequestPassesWithItsValues() {
    ObjectNode td = valid("RegisterTaskDefinition", TD + ",\"cpu\":\"256\",\"pidMode\":\"task\"}");
    assertEquals("f", td.path("family").asText());
    assertEquals(64, td.path("containerDefinitions").get(0).path("memory").asInt());
    assertEquals("task", td.path("pidMode").asText());
  }

  @Test
  void unknownMembersAreDroppedAtEveryDepth() {
    ObjectNode td = valid("RegisterTaskDefinition",
        "{\"family\":\"f\",\"invented\":{\"a\":1},\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\","
            + "\"memory\":64,\"alsoInvented\":true,\"portMappings\":[{\"containerPort\":80,\"x\":1}]}]}");
    assertFalse(td.has("invented"));
    assertFalse(td.path("containerDefinitions").get(0).has("alsoInvented"));
    assertFalse(td.path("containerDefinitions").get(0).path("portMappings").get(0).has("x"));
    assertEquals(80, td.path("containerDefinitions").get(0).path("portMappings").get(0).path("containerPort").asInt());
  }

  @Test
  void nullMembersAreAbsent() {
    ObjectNode r = valid("ListClusters", "{\"nextToken\":null}");
    assertFalse(r.has("nextToken"));
  }

  @Test
  void missingRequiredMemberIsNamed() {
    refused("RunTask", "{\"cluster\":\"c\"}", "InvalidParameterException", "taskDefinition");
    refused("RegisterTaskDefinition", "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\","
        + "\"portMappings\":[{}],\"ulimits\":[{\"name\":\"core\"}]}]}", "InvalidParameterException",
        "containerDefinitions[0].ulimits[0].");
  }

  @Test
  void wrongJsonTypesAreSerializationExceptionsNamingTheMember() {
    refused("CreateCluster", "{\"clusterName\":5}", "SerializationException", "clusterName");
    refused("ListTasks", "{\"maxResults\":\"5\"}", "SerializationException", "maxResults");
    refused("RunTask", "{\"taskDefinition\":\"t\",\"count\":true}", "SerializationException", "count");
    refused("RunTask", "{\"taskDefinition\":\"t\",\"placementConstraints\":{}}", "SerializationException",
        "placementConstraints");
    refused("RunTask", "{\"taskDefinition\":\"t\",\"overrides\":[]}", "SerializationException", "overrides");
    refused("RegisterTaskDefinition", TD + ",\"tags\":[{\"key\":1}]}", "SerializationException", "tags[0].key");
    refused("RegisterTaskDefinition", "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\","
        + "\"dockerLabels\":{\"a\":1}}]}", "SerializationException", "dockerLabels.a");
    refused("DescribeTasks", "{\"tasks\":[null]}", "SerializationException", "tasks[0]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1.5", "1.5", "1e30", "2147483648", "9223372036854775808", "1.0"})
  void integersMustBeWholeAndInRange(String value) {
    EcsException e = refused("CreateService", "{\"serviceName\":\"s\",\"healthCheckGracePeriodSeconds\":" + value + "}");
    assertEquals("SerializationException", e.code());
    assertTrue(e.getMessage().contains("healthCheckGracePeriodSeconds"), e.getMessage());
  }

  @Test
  void modelRangesAreChecked() {
    refused("RegisterTaskDefinition", "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\","
        + "\"portMappings\":[{\"containerPort\":-1}]}]}", "InvalidParameterException", "containerPort");
    refused("RegisterTaskDefinition", "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\"i\","
        + "\"portMappings\":[{\"containerPort\":65536}]}]}", "InvalidParameterException", "containerPort");
    refused("RegisterTaskDefinition", TD + ",\"tags\":[{\"key\":\"" + "k".repeat(129) + "\"}]}",
        "InvalidParameterException", "tags[0].key");
  }

  @Test
  void rangesEcsKeepsBeyondItsModelAreChecked() {
    refused("SubmitContainerStateChange", "{\"networkBindings\":[{\"hostPort\":-80}]}", "InvalidParameterException",
        "networkBindings[0].hostPort");
    refused("CreateService", "{\"serviceName\":\"s\",\"healthCheckGracePeriodSeconds\":-1}",
        "InvalidParameterException", "healthCheckGracePeriodSeconds");
    refused("CreateService", "{\"serviceName\":\"s\",\"desiredCount\":-1}", "InvalidParameterException",
        "desiredCount");
  }

  @Test
  void invalidEnumsAreRefused() {
    refused("CreateService", "{\"serviceName\":\"s\",\"propagateTags\":\"EVERYTHING\"}", "InvalidParameterException",
        "propagateTags");
    refused("CreateService", "{\"serviceName\":\"s\",\"availabilityZoneRebalancing\":\"yes\"}",
        "InvalidParameterException", "availabilityZoneRebalancing");
    refused("RegisterTaskDefinition", TD + ",\"pidMode\":\"container\"}", "InvalidParameterException", "pidMode");
    refused("SubmitContainerStateChange", "{\"networkBindings\":[{\"protocol\":\"sctp\"}]}",
        "InvalidParameterException", "networkBindings[0].protocol");
  }

  @Test
  void overLongStringsAreRefusedEvenWhereTheModelSetsNoLimit() {
    refused("ListTasks", "{\"family\":\"" + "f".repeat(100_000) + "\"}", "InvalidParameterException", "family");
    refused("RegisterTaskDefinition", "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"c\",\"image\":\""
        + "i".repeat(StringLimits.DEFAULT_MAX + 1) + "\"}]}", "InvalidParameterException", "image");
  }

  @Test
  void loneSurrogatesAreRefusedWhereverTheyAre() {
    refused("RunTask", "{\"taskDefinition\":\"t\",\"group\":\"\\ud800\"}", "SerializationException", "group");
    refused("RunTask", "{\"taskDefinition\":\"t\",\"group\":\"a\\udc00b\"}", "SerializationException", "group");
    refused("RunTask", "{\"taskDefinition\":\"t\",\"\\ud800\":\"x\"}", "SerializationException", "member name");
    refused("RunTask", "{\"taskDefinition\":\"t\",\"unknown\":[\"\\ud800\"]}", "SerializationException", "unknown");
    // A properly paired surrogate is a real character and passes.
    assertEquals("\ud83d\ude00", valid("RunTask", "{\"taskDefinition\":\"t\",\"group\":\"\\ud83d\\ude00\"}")
        .path("group").textValue());
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] body = "{\"taskDefinition\":\"t\",\"group\":\"ab\"}".getBytes(StandardCharsets.UTF_8);
    body[body.length - 3] = (byte) 0xC3;  // a lead byte followed by an ASCII byte
    EcsException e = assertThrows(EcsException.class, () -> RequestValidator.validate("RunTask", body));
    assertEquals("SerializationException", e.code());
    byte[] encodedSurrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    assertEquals("SerializationException",
        assertThrows(EcsException.class, () -> RequestValidator.validate("ListClusters", encodedSurrogate, HOME)).code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} x", "{}{}", "{\"a\":1}{\"b\":2}", "{} []", "{\"maxResults\":1,\"maxResults\":2}",
      "{'a':1}", "{\"a\":NaN}", "[]", "\"s\"", "1", "{\"a\":1,}", "{/*c*/}"})
  void onlyOneStrictJsonObjectIsAccepted(String body) {
    assertEquals("SerializationException", refused("ListClusters", body).code());
  }

  @Test
  void bodySizeIsLimited() {
    byte[] big = ("{\"x\":\"" + "a".repeat(StrictJson.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
    EcsException e = assertThrows(EcsException.class, () -> RequestValidator.validate("ListClusters", big, HOME));
    assertEquals("SerializationException", e.code());
    assertEquals(413, e.status());
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "{\"x\":" + "[".repeat(500) + "]".repeat(500) + "}";
    assertEquals("SerializationException", refused("ListClusters", deep).code());
  }

  @Test
  void unknownOperationIsRefused() {
    assertEquals("UnknownOperationException", refused("LaunchRockets", "{}").code());
  }

  @Test
  void ecsArnsMustBeOfThisPartitionRegionAndAccount() {
    String local = "arn:aws:ecs:us-east-1:123456789012:task/c/0123456789abcdef0123456789abcdef";
    assertEquals(local, valid("StopTask", "{\"task\":\"" + local + "\"}").path("task").asText());
    for (String foreign : new String[] {local.replace("us-east-1", "eu-west-1"), local.replace("123456789012", "999999999999"),
        local.replace("arn:aws:", "arn:aws-cn:"), local.replace(":ecs:", ":sqs:")}) {
      refused("StopTask", "{\"task\":\"" + foreign + "\"}", "InvalidParameterException", "task");
      refused("DescribeTasks", "{\"tasks\":[\"" + foreign + "\"]}", "InvalidParameterException", "tasks[0]");
      refused("ListTasks", "{\"cluster\":\"" + foreign.replace("task/c/0123456789abcdef0123456789abcdef", "cluster/c")
          + "\"}", "InvalidParameterException", "cluster");
    }
    // Without a home region only the model is checked: the serving function checks the ARN.
    assertEquals("x", RequestValidator.validate("StopTask",
        ("{\"task\":\"" + local.replace("us-east-1", "eu-west-1") + "\",\"reason\":\"x\"}").getBytes(StandardCharsets.UTF_8))
        .path("reason").asText());
  }

  @Test
  void heartbeatHasBerthsOwnModel() {
    assertEquals("ci", valid("Heartbeat", "{\"containerInstance\":\"ci\",\"x\":1}")
        .path("containerInstance").asText());
    refused("Heartbeat", "{}", "InvalidParameterException", "containerInstance");
  }
}
