package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * Tags through the SDK and the AWS CLI: on every create call, TagResource, UntagResource and
 * ListTagsForResource on each of the five kinds Berth keeps, ECS's limits and reserved prefix, the
 * errors for ARNs that name nothing, {@code include: TAGS} on the Describe calls, and the tags tasks
 * are created with (propagated from their task definition or service, and ECS's managed tags).
 */
class TaggingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-tags", Clock.systemUTC());
  private static Berth berth;
  private static String instance;
  private static String definitionArn;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.ecs.createCluster(b -> b.clusterName("tagged").tags(tag("team", "blue")));
    instance = berth.ecs.registerContainerInstance(b -> b.cluster("tagged").tags(tag("rack", "r1")).totalResources(
            software.amazon.awssdk.services.ecs.model.Resource.builder().name("CPU").type("INTEGER").integerValue(4096)
                .build(),
            software.amazon.awssdk.services.ecs.model.Resource.builder().name("MEMORY").type("INTEGER")
                .integerValue(4096).build()))
        .containerInstance().containerInstanceArn();
    definitionArn = berth.ecs.registerTaskDefinition(b -> b.family("tagged").tags(tag("app", "web"), tag("tier", "1"))
        .containerDefinitions(ContainerDefinition.builder().name("c").image("busybox").cpu(16).memory(16).build()))
        .taskDefinition().taskDefinitionArn();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static Map<String, String> tags(String arn) {
    return asMap(berth.ecs.listTagsForResource(b -> b.resourceArn(arn)).tags());
  }

  private static Map<String, String> asMap(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value()));
    return out;
  }

  private static String clusterArn() {
    return berth.ecs.describeClusters(b -> b.clusters("tagged")).clusters().get(0).clusterArn();
  }

  @Test
  void createCallsTagWhatTheyCreateAndEveryKindCanBeRetagged() {
    assertEquals(Map.of("team", "blue"), tags(clusterArn()));
    assertEquals(Map.of("rack", "r1"), tags(instance));
    assertEquals(Map.of("app", "web", "tier", "1"), tags(definitionArn));
    String service = berth.ecs.createService(b -> b.cluster("tagged").serviceName("svc").taskDefinition("tagged")
        .desiredCount(0).tags(tag("owner", "ops"))).service().serviceArn();
    assertEquals(Map.of("owner", "ops"), tags(service));
    String task = berth.ecs.runTask(b -> b.cluster("tagged").taskDefinition("tagged").tags(tag("job", "once")))
        .tasks().get(0).taskArn();
    assertEquals(Map.of("job", "once"), tags(task));

    for (String arn : List.of(clusterArn(), instance, definitionArn, service, task)) {
      Map<String, String> before = tags(arn);
      // an upsert on key: a new key is added, an existing one gets its new value, the rest stay
      String existing = before.keySet().iterator().next();
      berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag(existing, "changed"), tag("added", "yes")));
      Map<String, String> expected = new LinkedHashMap<>(before);
      expected.put(existing, "changed");
      expected.put("added", "yes");
      assertEquals(expected, tags(arn), arn);
      // keys the resource does not have are ignored
      berth.ecs.untagResource(b -> b.resourceArn(arn).tagKeys("added", "never-there"));
      expected.remove("added");
      assertEquals(expected, tags(arn), arn);
      // the old value back, in its old place: the other tests expect the tags these resources were created with
      berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag(existing, before.get(existing))));
      assertEquals(List.copyOf(before.entrySet()), List.copyOf(tags(arn).entrySet()), arn);
    }
  }

  @Test
  void describeCallsReturnTagsOnlyWhenAsked() {
    String task = berth.ecs.runTask(b -> b.cluster("tagged").taskDefinition("tagged").tags(tag("k", "v")))
        .tasks().get(0).taskArn();
    berth.ecs.createService(b -> b.cluster("tagged").serviceName("described").taskDefinition("tagged")
        .desiredCount(0).tags(tag("s", "1")));

    var plainTask = berth.ecs.describeTasks(b -> b.cluster("tagged").tasks(task)).tasks().get(0);
    assertFalse(plainTask.hasTags(), "no tags member without include");
    assertEquals(Map.of("k", "v"), asMap(berth.ecs.describeTasks(b -> b.cluster("tagged").tasks(task)
        .include(TaskField.TAGS)).tasks().get(0).tags()));

    var plainCluster = berth.ecs.describeClusters(b -> b.clusters("tagged")).clusters().get(0);
    assertFalse(plainCluster.hasTags());
    assertFalse(plainCluster.hasSettings());
    assertTrue(berth.ecs.describeClusters(b -> b.clusters("tagged").include(ClusterField.TAGS)).clusters().get(0)
        .tags().stream().anyMatch(t -> t.key().equals("team")));

    assertFalse(berth.describeInstance("tagged", instance).hasTags());
    assertTrue(berth.ecs.describeContainerInstances(b -> b.cluster("tagged").containerInstances(instance)
        .include(ContainerInstanceField.TAGS)).containerInstances().get(0).tags().stream()
        .anyMatch(t -> t.key().equals("rack")));

    assertFalse(berth.ecs.describeServices(b -> b.cluster("tagged").services("described")).services().get(0)
        .hasTags());
    assertEquals(Map.of("s", "1"), asMap(berth.ecs.describeServices(b -> b.cluster("tagged").services("described")
        .include(ServiceField.TAGS)).services().get(0).tags()));

    assertFalse(berth.ecs.describeTaskDefinition(b -> b.taskDefinition("tagged:1")).hasTags());
    assertTrue(berth.ecs.describeTaskDefinition(b -> b.taskDefinition("tagged:1").include(TaskDefinitionField.TAGS))
        .tags().stream().anyMatch(t -> t.key().equals("app")));
  }

  @Test
  void fiftyUserTagsFitAndTheFiftyFirstIsRefusedWithNothingWritten() {
    String arn = berth.ecs.createCluster(b -> b.clusterName("fifty")).cluster().clusterArn();
    List<Tag> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add(tag("k" + i, "v" + i));
    }
    berth.ecs.tagResource(b -> b.resourceArn(arn).tags(fifty.subList(0, 30)));
    berth.ecs.tagResource(b -> b.resourceArn(arn).tags(fifty.subList(30, 50)));
    assertEquals(50, tags(arn).size());
    // overwriting an existing key adds nothing
    berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag("k0", "again")));
    Object before = StoreSnapshot.of(berth);
    var e = assertThrows(InvalidParameterException.class,
        () -> berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag("one-more", "x"))));
    assertTrue(e.getMessage().contains("50"), e.getMessage());
    assertEquals(before, StoreSnapshot.of(berth));
    // 51 tags on a create call are refused and create nothing
    List<Tag> fiftyOne = new ArrayList<>(fifty);
    fiftyOne.add(tag("k50", "v"));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.createCluster(b -> b.clusterName("too-many").tags(fiftyOne)));
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void badTagsAreRefusedAndWriteNothing() {
    String arn = clusterArn();
    Object before = StoreSnapshot.of(berth);
    for (Tag bad : List.of(tag("aws:owner", "x"), tag("AWS:owner", "x"), tag("Aws:x", "x"), tag("ok", "aws:value"),
        tag("", "x"), tag("k".repeat(129), "x"), tag("k", "v".repeat(257)), tag("bad#key", "x"),
        tag("k", "bad;value"))) {
      assertThrows(InvalidParameterException.class, () -> berth.ecs.tagResource(b -> b.resourceArn(arn).tags(bad)),
          bad.toString());
    }
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag("dup", "1"), tag("dup", "2"))));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.untagResource(b -> b.resourceArn(arn).tagKeys("aws:ecs:clusterName")));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.runTask(b -> b.cluster("tagged").taskDefinition("tagged").tags(tag("aws:x", "y"))));
    assertEquals(before, StoreSnapshot.of(berth));
    // the longest key and value, an empty value, and every allowed punctuation mark are fine
    berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag("k".repeat(128), "v".repeat(256)), tag("empty", ""),
        tag("a b_c.d:e/f=g+h-i@j", "ü 1")));
    assertEquals("", tags(arn).get("empty"));
    berth.ecs.untagResource(b -> b.resourceArn(arn).tagKeys("k".repeat(128), "empty", "a b_c.d:e/f=g+h-i@j"));
  }

  @Test
  void arnsThatNameNothingGetEcssErrors() {
    String prefix = "arn:aws:ecs:us-east-1:000000000000:";
    String unknownTask = prefix + "task/tagged/0123456789abcdef0123456789abcdef";
    Object before = StoreSnapshot.of(berth);
    assertThrows(ResourceNotFoundException.class,
        () -> berth.ecs.tagResource(b -> b.resourceArn(unknownTask).tags(tag("a", "b"))));
    assertThrows(ResourceNotFoundException.class,
        () -> berth.ecs.untagResource(b -> b.resourceArn(unknownTask).tagKeys("a")));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.listTagsForResource(b -> b.resourceArn(unknownTask)));
    for (String arn : List.of(prefix + "service/tagged/nope", prefix + "task-definition/tagged:99",
        prefix + "container-instance/tagged/0123456789abcdef0123456789abcdef")) {
      assertThrows(ResourceNotFoundException.class,
          () -> berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag("a", "b"))), arn);
      assertThrows(InvalidParameterException.class, () -> berth.ecs.listTagsForResource(b -> b.resourceArn(arn)), arn);
    }
    for (String arn : List.of(prefix + "cluster/nowhere", prefix + "task/nowhere/0123456789abcdef0123456789abcdef",
        prefix + "service/nowhere/svc")) {
      assertThrows(ClusterNotFoundException.class,
          () -> berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag("a", "b"))), arn);
      assertThrows(ClusterNotFoundException.class, () -> berth.ecs.listTagsForResource(b -> b.resourceArn(arn)), arn);
    }
    // malformed ARNs, a short service ARN, a revision-less task definition, and kinds Berth does not keep
    for (String arn : List.of("not-an-arn", prefix + "service/svc", prefix + "task-definition/tagged",
        prefix + "capacity-provider/cp", prefix + "task/tagged/not-an-id")) {
      assertThrows(InvalidParameterException.class,
          () -> berth.ecs.tagResource(b -> b.resourceArn(arn).tags(tag("a", "b"))), arn);
    }
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void runTaskPropagatesTheDefinitionsTagsAndAddsManagedTagsWhenAsked() {
    var task = berth.ecs.runTask(b -> b.cluster("tagged").taskDefinition("tagged").propagateTags(
        PropagateTags.TASK_DEFINITION).enableECSManagedTags(true).tags(tag("tier", "2"), tag("job", "x")))
        .tasks().get(0);
    // the definition's tags, overlaid by the request's, then the managed tag
    assertEquals(Map.of("app", "web", "tier", "2", "job", "x", "aws:ecs:clusterName", "tagged"),
        tags(task.taskArn()));
    var plain = berth.ecs.runTask(b -> b.cluster("tagged").taskDefinition("tagged")).tasks().get(0);
    assertEquals(Map.of(), tags(plain.taskArn()));
    var started = berth.ecs.startTask(b -> b.cluster("tagged").taskDefinition("tagged").containerInstances(instance)
        .propagateTags(PropagateTags.TASK_DEFINITION)).tasks().get(0);
    assertEquals(Map.of("app", "web", "tier", "1"), tags(started.taskArn()));
    // a managed tag cannot be removed by a user
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.untagResource(b -> b.resourceArn(task.taskArn()).tagKeys("aws:ecs:clusterName")));
    Object before = StoreSnapshot.of(berth);
    assertThrows(InvalidParameterException.class, () -> berth.ecs.runTask(b -> b.cluster("tagged")
        .taskDefinition("tagged").propagateTags(PropagateTags.SERVICE)));
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void servicesTagTheirTasksAsConfiguredAndOnlyTasksStartedAfterAChange() {
    berth.ecs.createService(b -> b.cluster("tagged").serviceName("web").taskDefinition("tagged").desiredCount(1)
        .tags(tag("owner", "ops")).propagateTags(PropagateTags.SERVICE).enableECSManagedTags(true));
    var described = berth.ecs.describeServices(b -> b.cluster("tagged").services("web")).services().get(0);
    assertEquals(PropagateTags.SERVICE, described.propagateTags());
    assertTrue(described.enableECSManagedTags());
    FakeAgent agent = new FakeAgent(berth, "tagged");
    agent.reconcile();
    List<String> first = berth.ecs.listTasks(b -> b.cluster("tagged").serviceName("web")).taskArns();
    assertEquals(1, first.size());
    assertEquals(Map.of("owner", "ops", "aws:ecs:clusterName", "tagged", "aws:ecs:serviceName", "web"),
        tags(first.get(0)));

    // a change of tagging starts no deployment and applies to tasks started afterwards
    var updated = berth.ecs.updateService(b -> b.cluster("tagged").service("web").propagateTags(
        PropagateTags.TASK_DEFINITION).enableECSManagedTags(false).desiredCount(2)).service();
    assertEquals(1, updated.deployments().size());
    assertEquals(PropagateTags.TASK_DEFINITION, updated.propagateTags());
    agent.reconcile();
    List<String> all = berth.ecs.listTasks(b -> b.cluster("tagged").serviceName("web")).taskArns();
    assertEquals(2, all.size());
    String second = all.stream().filter(a -> !a.equals(first.get(0))).findFirst().orElseThrow();
    assertEquals(Map.of("app", "web", "tier", "1"), tags(second));
    assertEquals("ops", tags(first.get(0)).get("owner"), "tasks keep the tags they were created with");
    berth.ecs.updateService(b -> b.cluster("tagged").service("web").desiredCount(0));
    agent.reconcile();
  }

  @Test
  void theCliTagsListsAndUntags() throws Exception {
    AwsCli cli = new AwsCli(berth);
    String arn = berth.ecs.createCluster(b -> b.clusterName("cli-tags")).cluster().clusterArn();
    cli.ecs("tag-resource", "--resource-arn", arn, "--tags", "key=env,value=prod", "key=team,value=red");
    JsonNode listed = cli.ecs("list-tags-for-resource", "--resource-arn", arn);
    assertEquals("[{\"key\":\"env\",\"value\":\"prod\"},{\"key\":\"team\",\"value\":\"red\"}]",
        listed.path("tags").toString());
    cli.ecs("untag-resource", "--resource-arn", arn, "--tag-keys", "env");
    assertEquals("[{\"key\":\"team\",\"value\":\"red\"}]",
        cli.ecs("list-tags-for-resource", "--resource-arn", arn).path("tags").toString());
    AwsCli.Result refused = cli.run("tag-resource", "--resource-arn", arn, "--tags", "key=aws:x,value=y");
    assertNotEquals(0, refused.exitCode());
    assertTrue(refused.stderr().contains("InvalidParameterException"), refused.stderr());
    AwsCli.Result missing = cli.run("tag-resource", "--resource-arn",
        arn.replace("cluster/cli-tags", "task/cli-tags/0123456789abcdef0123456789abcdef"), "--tags", "key=a,value=b");
    assertTrue(missing.stderr().contains("ResourceNotFoundException"), missing.stderr());
    JsonNode described = cli.ecs("describe-clusters", "--clusters", "cli-tags", "--include", "TAGS");
    assertEquals("red", described.path("clusters").get(0).path("tags").get(0).path("value").asText());
    assertTrue(cli.ecs("describe-clusters", "--clusters", "cli-tags").path("clusters").get(0).path("tags")
        .isMissingNode());
  }

  @Test
  void policiesSeeTheRequestsTagsTagKeysAndTheResourcesTags() {
    String arn = berth.ecs.createCluster(b -> b.clusterName("policed").tags(tag("team", "blue"))).cluster()
        .clusterArn();
    String[] key = berth.server.userWithPolicy("tagger", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":\"ecs:TagResource\",\"Resource\":\"*\",\"Condition\":{"
        + "\"StringEquals\":{\"aws:RequestTag/env\":\"dev\",\"aws:ResourceTag/team\":\"blue\"}}},"
        + "{\"Effect\":\"Allow\",\"Action\":\"ecs:UntagResource\",\"Resource\":\"*\",\"Condition\":{"
        + "\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\"]}}}]}");
    try (EcsClient user = berth.client(key)) {
      user.tagResource(b -> b.resourceArn(arn).tags(tag("env", "dev")));
      EcsException denied = assertThrows(EcsException.class,
          () -> user.tagResource(b -> b.resourceArn(arn).tags(tag("env", "prod"))));
      assertEquals(400, denied.statusCode());
      assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
      assertThrows(EcsException.class, () -> user.untagResource(b -> b.resourceArn(arn).tagKeys("team")));
      user.untagResource(b -> b.resourceArn(arn).tagKeys("env"));
    }
    assertEquals(Map.of("team", "blue"), tags(arn));
    assertNull(tags(arn).get("env"));
    assertEquals("team", tags(arn).keySet().stream().collect(Collectors.joining(",")));
  }

  @Test
  void withTaggingAuthorizationOnATaggedCreateAlsoNeedsTagResource() {
    String creates = "{\"Effect\":\"Allow\",\"Action\":[\"ecs:CreateCluster\",\"ecs:PutAccountSetting\"],"
        + "\"Resource\":\"*\"}";
    String[] plain = berth.server.userWithPolicy("creator", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + creates + "]}");
    String[] tagging = berth.server.userWithPolicy("creator-tagging", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + creates + ",{\"Effect\":\"Allow\",\"Action\":\"ecs:TagResource\",\"Resource\":\"*\",\"Condition\":{"
        + "\"StringEquals\":{\"ecs:CreateAction\":\"CreateCluster\"}}}]}");
    String[] unset = berth.server.userWithPolicy("creator-default", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + creates + "]}");
    try (EcsClient user = berth.client(plain); EcsClient tagger = berth.client(tagging);
        EcsClient byDefault = berth.client(unset)) {
      // off (a fresh account's value): tags ride along with the create permission alone
      byDefault.createCluster(b -> b.clusterName("tag-auth-off").tags(tag("env", "dev")));
      assertEquals(Map.of("env", "dev"), tags(clusterArn("tag-auth-off")));

      for (EcsClient client : List.of(user, tagger)) {
        client.putAccountSetting(b -> b.name("tagResourceAuthorization").value("on"));
      }
      EcsException denied = assertThrows(EcsException.class,
          () -> user.createCluster(b -> b.clusterName("tag-auth-on").tags(tag("env", "dev"))));
      assertEquals(400, denied.statusCode());
      assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
      assertTrue(denied.awsErrorDetails().errorMessage().contains("ecs:TagResource"),
          denied.awsErrorDetails().errorMessage());
      assertTrue(berth.ecs.describeClusters(b -> b.clusters("tag-auth-on")).clusters().isEmpty(),
          "a refused create writes nothing");
      user.createCluster(b -> b.clusterName("tag-auth-on"));

      tagger.createCluster(b -> b.clusterName("tag-auth-allowed").tags(tag("env", "dev")));
      assertEquals(Map.of("env", "dev"), tags(clusterArn("tag-auth-allowed")));
    }
  }

  private static String clusterArn(String name) {
    return berth.ecs.describeClusters(b -> b.clusters(name)).clusters().get(0).clusterArn();
  }
}
