package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.AttributeLimitExceededException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListAttributesResponse;
import software.amazon.awssdk.services.ecs.model.PlacementConstraint;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.TargetNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Custom attributes through the SDK and the AWS CLI: PutAttributes, DeleteAttributes and
 * ListAttributes with ECS's syntax, limits, errors and pagination, and their effect at once on
 * placement, ListContainerInstances' filter and a DAEMON service's memberOf constraint.
 */
class AttributesIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-attributes", Clock.systemUTC());
  private static Berth berth;

  @BeforeAll
  static void setUp() {
    berth = BERTH.get();
    berth.ecs.registerTaskDefinition(b -> b.family("small").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(16).memory(16).build()));
  }

  private static String instance(String cluster, Attribute... attributes) {
    return berth.ecs.registerContainerInstance(b -> b.cluster(cluster).attributes(attributes).totalResources(
            Resource.builder().name("CPU").type("INTEGER").integerValue(2048).build(),
            Resource.builder().name("MEMORY").type("INTEGER").integerValue(2048).build()))
        .containerInstance().containerInstanceArn();
  }

  private static Attribute on(String target, String name, String value) {
    return Attribute.builder().name(name).value(value).targetId(target).build();
  }

  private static Map<String, String> attributes(String cluster, String arn) {
    Map<String, String> out = new TreeMap<>();
    berth.describeInstance(cluster, arn).attributes().forEach(a -> out.put(a.name(), a.value()));
    return out;
  }

  private static String id(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  @Test
  void putOverwritesDeleteRemovesAndPlacementAndFiltersSeeItAtOnce() {
    berth.createCluster("attrs");
    String a = instance("attrs");
    String b = instance("attrs");
    var put = berth.ecs.putAttributes(r -> r.cluster("attrs").attributes(on(a, "stack", "prod"),
        Attribute.builder().name("flag").targetType("container-instance").targetId(id(a)).build()));
    assertEquals(2, put.attributes().size());
    assertEquals(Map.of("stack", "prod", "flag", "null"), withNulls(attributes("attrs", a)));
    assertEquals(List.of(a), berth.ecs.listContainerInstances(r -> r.cluster("attrs")
        .filter("attribute:stack == prod")).containerInstanceArns());
    assertEquals(List.of(a), berth.ecs.listContainerInstances(r -> r.cluster("attrs")
        .filter("attribute:flag exists")).containerInstanceArns());
    PlacementConstraint prod = PlacementConstraint.builder().type(PlacementConstraintType.MEMBER_OF)
        .expression("attribute:stack == prod").build();
    for (int i = 0; i < 3; i++) {
      Task task = berth.ecs.runTask(r -> r.cluster("attrs").taskDefinition("small").placementConstraints(prod))
          .tasks().get(0);
      assertEquals(a, task.containerInstanceArn());
    }
    // overwrite: the new value, not a second attribute
    berth.ecs.putAttributes(r -> r.cluster("attrs").attributes(on(a, "stack", "test")));
    assertEquals("test", attributes("attrs", a).get("stack"));
    var unplaced = berth.ecs.runTask(r -> r.cluster("attrs").taskDefinition("small").placementConstraints(prod));
    assertTrue(unplaced.tasks().isEmpty());
    assertEquals("MemberOf placement constraint unsatisfied.", unplaced.failures().get(0).reason());
    berth.ecs.putAttributes(r -> r.cluster("attrs").attributes(on(b, "stack", "prod")));
    assertEquals(b, berth.ecs.runTask(r -> r.cluster("attrs").taskDefinition("small").placementConstraints(prod))
        .tasks().get(0).containerInstanceArn());

    var deleted = berth.ecs.deleteAttributes(r -> r.cluster("attrs").attributes(
        Attribute.builder().name("flag").targetId(a).build(), Attribute.builder().name("never").targetId(a).build()));
    assertEquals(List.of("flag"), deleted.attributes().stream().map(Attribute::name).toList());
    assertEquals(a, deleted.attributes().get(0).targetId());
    assertNull(attributes("attrs", a).get("flag"));
  }

  private static Map<String, String> withNulls(Map<String, String> attributes) {
    Map<String, String> out = new TreeMap<>();
    attributes.forEach((k, v) -> out.put(k, v == null ? "null" : v));
    return out;
  }

  @Test
  void tenCustomAttributesFitAndTheEleventhIsRefusedWithNothingWritten() {
    berth.createCluster("limits");
    // registered custom attributes count; the agent's built-in ones do not
    String target = instance("limits", Attribute.builder().name("registered").value("yes").build(),
        Attribute.builder().name("ecs.os-type").value("linux").build(),
        Attribute.builder().name("com.amazonaws.ecs.capability.docker-remote-api.1.17").build());
    List<Attribute> nine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nine.add(on(target, "a" + i, "v"));
    }
    berth.ecs.putAttributes(r -> r.cluster("limits").attributes(nine));
    berth.ecs.putAttributes(r -> r.cluster("limits").attributes(on(target, "a0", "again")));
    Object before = StoreSnapshot.of(berth);
    assertThrows(AttributeLimitExceededException.class,
        () -> berth.ecs.putAttributes(r -> r.cluster("limits").attributes(on(target, "a9", "v"))));
    // all or nothing: the overwrite in the same request is not applied either
    assertThrows(AttributeLimitExceededException.class, () -> berth.ecs.putAttributes(r -> r.cluster("limits")
        .attributes(on(target, "a1", "changed"), on(target, "a9", "v"))));
    List<Attribute> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(on(target, "b" + i, "v"));
    }
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.putAttributes(r -> r.cluster("limits").attributes(eleven)));
    assertEquals(before, StoreSnapshot.of(berth));
    assertEquals("v", attributes("limits", target).get("a1"));
  }

  @Test
  void badInputAndUnknownTargetsGetEcssErrorsAndWriteNothing() {
    berth.createCluster("bad-attrs");
    berth.createCluster("other-attrs");
    String target = instance("bad-attrs");
    String elsewhere = instance("other-attrs");
    Object before = StoreSnapshot.of(berth);
    for (Attribute bad : List.of(on(target, "has space", "v"), on(target, "n".repeat(129), "v"),
        on(target, "ok", " leading"), on(target, "ok", "trailing "), on(target, "ok", "semi;colon"),
        on(target, "ok", "v".repeat(129)), on(target, "ecs.instance-type", "t2.micro"),
        Attribute.builder().name("ok").value("v").targetId(id(target)).build(),
        Attribute.builder().name("ok").value("v").build())) {
      assertThrows(InvalidParameterException.class,
          () -> berth.ecs.putAttributes(r -> r.cluster("bad-attrs").attributes(bad)), bad.toString());
    }
    assertThrows(TargetNotFoundException.class, () -> berth.ecs.putAttributes(r -> r.cluster("bad-attrs")
        .attributes(on(elsewhere, "x", "y"))));
    assertThrows(TargetNotFoundException.class, () -> berth.ecs.putAttributes(r -> r.cluster("bad-attrs")
        .attributes(Attribute.builder().name("x").targetType("container-instance")
            .targetId("0123456789abcdef0123456789abcdef").build())));
    assertThrows(TargetNotFoundException.class, () -> berth.ecs.deleteAttributes(r -> r.cluster("bad-attrs")
        .attributes(on(elsewhere, "x", null))));
    // one unknown target refuses the whole request
    assertThrows(TargetNotFoundException.class, () -> berth.ecs.putAttributes(r -> r.cluster("bad-attrs")
        .attributes(on(target, "x", "y"), on(elsewhere, "x", "y"))));
    assertThrows(ClusterNotFoundException.class, () -> berth.ecs.putAttributes(r -> r.cluster("nowhere")
        .attributes(on(target, "x", "y"))));
    assertThrows(ClusterNotFoundException.class, () -> berth.ecs.listAttributes(r -> r.cluster("nowhere")
        .targetType("container-instance")));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.listAttributes(r -> r.cluster("bad-attrs")
        .targetType("container-instance").attributeValue("v")));
    for (int size : new int[] {0, 101}) {
      assertThrows(InvalidParameterException.class, () -> berth.ecs.listAttributes(r -> r.cluster("bad-attrs")
          .targetType("container-instance").maxResults(size)));
    }
    assertThrows(InvalidParameterException.class, () -> berth.ecs.listAttributes(r -> r.cluster("bad-attrs")
        .targetType("container-instance").nextToken("not-a-token")));
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void listAttributesFiltersAndPagesOverBuiltInAndCustomAttributes() {
    berth.createCluster("listed");
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      instances.add(instance("listed", Attribute.builder().name("ecs.os-type").value("linux").build()));
    }
    for (String arn : instances) {
      berth.ecs.putAttributes(r -> r.cluster("listed").attributes(on(arn, "zone", "z1"), on(arn, "rack", "r")));
    }
    berth.ecs.putAttributes(r -> r.cluster("listed").attributes(on(instances.get(0), "zone", "z2")));

    var linux = berth.ecs.listAttributes(r -> r.cluster("listed").targetType("container-instance")
        .attributeName("ecs.os-type").attributeValue("linux")).attributes();
    assertEquals(3, linux.size());
    assertTrue(linux.stream().allMatch(a -> "container-instance".equals(a.targetTypeAsString())
        && instances.contains(a.targetId())));
    var z1 = berth.ecs.listAttributes(r -> r.cluster("listed").targetType("container-instance")
        .attributeName("zone").attributeValue("z1")).attributes();
    assertEquals(2, z1.size());
    assertEquals(3, berth.ecs.listAttributes(r -> r.cluster("listed").targetType("container-instance")
        .attributeName("zone")).attributes().size());

    // every (instance, attribute) pair once over the pages, whatever the page size
    List<String> walked = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      ListAttributesResponse page = berth.ecs.listAttributes(r -> r.cluster("listed")
          .targetType("container-instance").maxResults(4).nextToken(next));
      assertTrue(page.attributes().size() <= 4);
      page.attributes().forEach(a -> walked.add(a.targetId() + " " + a.name()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertEquals(9, walked.size());
    assertEquals(9, walked.stream().distinct().count());
    assertEquals(3, pages);
    assertEquals(walked, berth.ecs.listAttributesPaginator(r -> r.cluster("listed").targetType("container-instance")
        .maxResults(2)).attributes().stream().map(a -> a.targetId() + " " + a.name()).toList());
  }

  @Test
  void aDaemonFollowsItsMemberOfAttributeOntoAndOffAnInstance() {
    berth.createCluster("daemon-attrs");
    String logs = instance("daemon-attrs");
    String plain = instance("daemon-attrs");
    FakeAgent agent = new FakeAgent(berth, "daemon-attrs");
    berth.ecs.createService(r -> r.cluster("daemon-attrs").serviceName("collector").taskDefinition("small")
        .schedulingStrategy(SchedulingStrategy.DAEMON).placementConstraints(PlacementConstraint.builder()
            .type(PlacementConstraintType.MEMBER_OF).expression("attribute:role == logs").build()));
    agent.reconcile();
    assertEquals(List.of(), live(agent));

    berth.ecs.putAttributes(r -> r.cluster("daemon-attrs").attributes(on(logs, "role", "logs")));
    agent.reconcile();
    assertEquals(List.of(logs), live(agent).stream().map(Task::containerInstanceArn).toList());
    agent.report();
    agent.reconcile();

    berth.ecs.deleteAttributes(r -> r.cluster("daemon-attrs").attributes(
        Attribute.builder().name("role").targetId(logs).build()));
    agent.reconcile();
    assertEquals(List.of(), live(agent), "the daemon task stops on the instance that no longer qualifies");
    assertTrue(agent.tasks().stream().anyMatch(t -> logs.equals(t.containerInstanceArn())
        && "STOPPED".equals(t.desiredStatus())));
    assertTrue(agent.tasks().stream().noneMatch(t -> plain.equals(t.containerInstanceArn())));
  }

  private static List<Task> live(FakeAgent agent) {
    return agent.tasks().stream().filter(t -> "RUNNING".equals(t.desiredStatus())).toList();
  }

  @Test
  void theCliPutsListsAndDeletesAttributes() throws Exception {
    berth.createCluster("cli-attrs");
    String target = instance("cli-attrs");
    AwsCli cli = new AwsCli(berth);
    JsonNode put = cli.ecs("put-attributes", "--cluster", "cli-attrs", "--attributes",
        "name=stack,value=prod,targetId=" + target);
    assertEquals("stack", put.path("attributes").get(0).path("name").asText());
    JsonNode listed = cli.ecs("list-attributes", "--cluster", "cli-attrs", "--target-type", "container-instance",
        "--attribute-name", "stack");
    assertEquals(1, listed.path("attributes").size());
    assertEquals(target, listed.path("attributes").get(0).path("targetId").asText());
    assertEquals("prod", listed.path("attributes").get(0).path("value").asText());
    JsonNode deleted = cli.ecs("delete-attributes", "--cluster", "cli-attrs", "--attributes",
        "name=stack,targetId=" + target);
    assertEquals(1, deleted.path("attributes").size());
    AwsCli.Result refused = cli.run("put-attributes", "--cluster", "cli-attrs", "--attributes",
        "name=x,value=y,targetType=container-instance,targetId=0123456789abcdef0123456789abcdef");
    assertNotEquals(0, refused.exitCode());
    assertTrue(refused.stderr().contains("TargetNotFoundException"), refused.stderr());
  }
}
