package dev.berth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ArnsTest {
  private static final String PREFIX = "arn:aws:ecs:us-east-1:123456789012:";
  private static final String TASK_ID = "0123456789abcdef0123456789abcdef";
  private static final String LEGACY_ID = "01234567-89ab-cdef-0123-456789abcdef";

  private static EcsException fails(Executable call) {
    return assertThrows(EcsException.class, call);
  }

  @Test
  void buildsLongFormatArns() {
    Arns arns = new Arns(Region.of("us-east-1", "123456789012"));
    assertEquals(PREFIX + "cluster/prod", arns.cluster("prod"));
    assertEquals(PREFIX + "task/prod/" + TASK_ID, arns.task("prod", TASK_ID));
    assertEquals(PREFIX + "container-instance/prod/" + TASK_ID, arns.containerInstance("prod", TASK_ID));
    assertEquals(PREFIX + "container/prod/t/c", arns.container("prod", "t", "c"));
    assertEquals(PREFIX + "task-definition/web:3", arns.taskDefinition("web", 3));
  }

  @Test
  void chinaAndGovCloudRegionsUseTheirPartition() {
    assertEquals("arn:aws-cn:ecs:cn-north-1:123456789012:cluster/c",
        new Arns(Region.of("cn-north-1", "123456789012")).cluster("c"));
    assertEquals("arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/c",
        new Arns(Region.of("us-gov-west-1", "123456789012")).cluster("c"));
  }

  @Test
  void clusterNameDefaultsWhenAbsent() {
    assertEquals("default", Arns.clusterName(null));
    assertEquals("default", Arns.clusterName(""));
  }

  @Test
  void clusterNameAcceptsShortNameAndArn() {
    assertEquals("prod", Arns.clusterName("prod"));
    assertEquals("prod", Arns.clusterName(PREFIX + "cluster/prod"));
  }

  @Test
  void clusterNameRejectsArnOfAnotherResourceType() {
    EcsException e = fails(() -> Arns.clusterName(PREFIX + "task/prod/" + TASK_ID));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void clusterNameRejectsMalformedArnAndBadName() {
    assertEquals("InvalidParameterException", fails(() -> Arns.clusterName("arn:aws:ecs:cluster/prod")).code());
    assertEquals("InvalidParameterException", fails(() -> Arns.clusterName("bad name")).code());
    assertEquals("InvalidParameterException", fails(() -> Arns.clusterName(PREFIX + "cluster/bad name")).code());
  }

  @Test
  void resourceIdAcceptsBareIds() {
    assertEquals(TASK_ID, Arns.resourceId("task", TASK_ID, "prod"));
    assertEquals(LEGACY_ID, Arns.resourceId("task", LEGACY_ID, "prod"));
  }

  @Test
  void resourceIdAcceptsLongArnOfTheNamedCluster() {
    assertEquals(TASK_ID, Arns.resourceId("task", PREFIX + "task/prod/" + TASK_ID, "prod"));
    assertEquals(TASK_ID,
        Arns.resourceId("container-instance", PREFIX + "container-instance/prod/" + TASK_ID, "prod"));
  }

  @Test
  void resourceIdAcceptsLegacyArnWithoutClusterSegment() {
    assertEquals(LEGACY_ID, Arns.resourceId("task", PREFIX + "task/" + LEGACY_ID, "prod"));
    assertEquals(TASK_ID, Arns.resourceId("container-instance", PREFIX + "container-instance/" + TASK_ID, "prod"));
  }

  @Test
  void resourceIdRejectsArnOfAnotherCluster() {
    EcsException e = fails(() -> Arns.resourceId("task", PREFIX + "task/staging/" + TASK_ID, "prod"));
    assertEquals("InvalidParameterException", e.code());
    assertEquals(400, e.status());
  }

  @Test
  void resourceIdRejectsArnOfAnotherKind() {
    EcsException e = fails(() -> Arns.resourceId("task", PREFIX + "container-instance/prod/" + TASK_ID, "prod"));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void resourceIdRejectsEmptyAndMalformedIds() {
    assertEquals("InvalidParameterException", fails(() -> Arns.resourceId("task", null, "prod")).code());
    assertEquals("InvalidParameterException", fails(() -> Arns.resourceId("task", "", "prod")).code());
    assertEquals("InvalidParameterException", fails(() -> Arns.resourceId("task", "not-an-id", "prod")).code());
    // upper-case hex and the wrong length are not ECS identifiers
    assertEquals("InvalidParameterException",
        fails(() -> Arns.resourceId("task", TASK_ID.toUpperCase(), "prod")).code());
    assertEquals("InvalidParameterException",
        fails(() -> Arns.resourceId("task", TASK_ID.substring(1), "prod")).code());
  }

  @Test
  void resourceIdRejectsExtraPathSegments() {
    EcsException e = fails(() -> Arns.resourceId("task", PREFIX + "task/prod/" + TASK_ID + "/x", "prod"));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void taskDefinitionRefOfFamilyMeansLatest() {
    assertEquals(new Arns.TaskDefinitionRef("web", null), Arns.taskDefinitionRef("web"));
  }

  @Test
  void taskDefinitionRefOfFamilyAndRevision() {
    assertEquals(new Arns.TaskDefinitionRef("web", 7), Arns.taskDefinitionRef("web:7"));
  }

  @Test
  void taskDefinitionRefOfFullArn() {
    assertEquals(new Arns.TaskDefinitionRef("web-app_2", 12),
        Arns.taskDefinitionRef(PREFIX + "task-definition/web-app_2:12"));
  }

  @Test
  void taskDefinitionArnWithoutRevisionIsRejected() {
    EcsException e = fails(() -> Arns.taskDefinitionRef(PREFIX + "task-definition/web"));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void taskDefinitionRefRejectsEmpty() {
    assertEquals("InvalidParameterException", fails(() -> Arns.taskDefinitionRef(null)).code());
    assertEquals("InvalidParameterException", fails(() -> Arns.taskDefinitionRef("")).code());
  }

  @Test
  void taskDefinitionRefRejectsBadRevisionsAsClientException() {
    assertEquals("ClientException", fails(() -> Arns.taskDefinitionRef("web:0")).code());
    assertEquals("ClientException", fails(() -> Arns.taskDefinitionRef("web:-1")).code());
    assertEquals("ClientException", fails(() -> Arns.taskDefinitionRef("web:latest")).code());
    assertEquals("ClientException", fails(() -> Arns.taskDefinitionRef("web:")).code());
  }

  @Test
  void taskDefinitionRefRejectsBadFamily() {
    assertEquals("ClientException", fails(() -> Arns.taskDefinitionRef("web app:1")).code());
    assertEquals("ClientException", fails(() -> Arns.taskDefinitionRef(":1")).code());
  }

  @Test
  void taskDefinitionRefRejectsArnOfAnotherKind() {
    EcsException e = fails(() -> Arns.taskDefinitionRef(PREFIX + "cluster/web:1"));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void revisionOfLatestRefIsNull() {
    assertNull(Arns.taskDefinitionRef("web").revision());
  }
}
