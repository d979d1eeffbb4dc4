package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;

/**
 * Answers that must be ECS's, through the SDK, raw requests and the AWS CLI: ListTaskDefinitions'
 * familyPrefix is a whole family, a deleted cluster stays listed for a while, overrides come back as
 * sent, and members Berth does not implement are refused, writing nothing, rather than dropped.
 */
class EcsAnswersIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OffsetClock CLOCK = new OffsetClock();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-answers", CLOCK);
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    for (String family : List.of("web", "web-worker", "web")) {
      berth.ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(
          ContainerDefinition.builder().name("app").image("app").cpu(128).memory(64).build()));
    }
  }

  @Test
  void listTaskDefinitionsTakesTheFamilyPrefixAsTheWholeFamily() throws Exception {
    List<String> arns = berth.ecs.listTaskDefinitions(b -> b.familyPrefix("web")).taskDefinitionArns();
    assertEquals(2, arns.size());
    assertTrue(arns.stream().allMatch(a -> a.contains(":task-definition/web:")), arns.toString());
    assertEquals(List.of("web", "web-worker"),
        berth.ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("web")).families(), "families take a real prefix");
    JsonNode cli = new AwsCli(berth).ecs("list-task-definitions", "--family-prefix", "web-worker");
    assertEquals(1, cli.path("taskDefinitionArns").size());
  }

  @Test
  void aDeletedClusterStaysListedAsInactiveForAnHour() {
    berth.createCluster("gone");
    berth.ecs.deleteCluster(b -> b.cluster("gone"));
    String arn = berth.ecs.describeClusters(b -> b.clusters("gone")).clusters().get(0).clusterArn();
    assertEquals("INACTIVE", berth.ecs.describeClusters(b -> b.clusters("gone")).clusters().get(0).status());
    assertTrue(berth.ecs.listClusters().clusterArns().contains(arn));
    CLOCK.advance(Duration.ofMinutes(61));
    assertFalse(berth.ecs.listClusters().clusterArns().contains(arn));
    berth.createCluster("gone");
    assertTrue(berth.ecs.listClusters().clusterArns().contains(arn), "created again, it is ACTIVE and listed");
  }

  @Test
  void overridesComeBackAsSentWithBothOverrideLists() throws Exception {
    berth.createCluster("overrides");
    berth.registerInstance("overrides", 1024, 1024);
    String sent = "[{\"name\":\"app\",\"command\":[],\"environment\":[]},"
        + "{\"name\":\"app\",\"environment\":[{\"name\":\"A\",\"value\":\"1\"}],\"memory\":80}]";
    HttpResponse<String> run = berth.post("RunTask", "{\"cluster\":\"overrides\",\"taskDefinition\":\"web\","
        + "\"overrides\":{\"containerOverrides\":" + sent + "}}");
    assertEquals(200, run.statusCode(), run.body());
    JsonNode overrides = JSON.readTree(run.body()).path("tasks").get(0).path("overrides");
    assertEquals(JSON.readTree(sent), overrides.path("containerOverrides"));
    assertEquals(JSON.createArrayNode(), overrides.path("inferenceAcceleratorOverrides"));
    String taskArn = JSON.readTree(run.body()).path("tasks").get(0).path("taskArn").asText();
    JsonNode described = JSON.readTree(berth.post("DescribeTasks", "{\"cluster\":\"overrides\",\"tasks\":[\""
        + taskArn + "\"]}").body()).path("tasks").get(0).path("overrides");
    assertEquals(JSON.readTree(sent), described.path("containerOverrides"), "as stored");

    HttpResponse<String> plain = berth.post("RunTask", "{\"cluster\":\"overrides\",\"taskDefinition\":\"web\"}");
    JsonNode none = JSON.readTree(plain.body()).path("tasks").get(0).path("overrides");
    assertEquals(JSON.createArrayNode(), none.path("containerOverrides"));
    assertEquals(JSON.createArrayNode(), none.path("inferenceAcceleratorOverrides"));
  }

  @Test
  void aContainerWithoutANameGetsEcsErrors() throws Exception {
    berth.createCluster("names");
    berth.registerInstance("names", 1024, 1024);
    Object before = StoreSnapshot.of(berth);
    HttpResponse<String> nameless = berth.post("RunTask", "{\"cluster\":\"names\",\"taskDefinition\":\"web\","
        + "\"overrides\":{\"containerOverrides\":[{\"command\":[\"true\"]}]}}");
    assertEquals(400, nameless.statusCode());
    assertEquals("InvalidParameterException", JSON.readTree(nameless.body()).path("__type").asText());
    assertEquals("name cannot be blank.", JSON.readTree(nameless.body()).path("message").asText());
    HttpResponse<String> definition = berth.post("RegisterTaskDefinition", "{\"family\":\"nameless\","
        + "\"containerDefinitions\":[{\"image\":\"app\",\"memory\":64}]}");
    assertEquals("ClientException", JSON.readTree(definition.body()).path("__type").asText());
    assertEquals("Container.name should not be null or empty.", JSON.readTree(definition.body()).path("message").asText());
    assertEquals(before, StoreSnapshot.of(berth));
    HttpResponse<String> empty = berth.post("RunTask", "{\"cluster\":\"names\",\"taskDefinition\":\"web\","
        + "\"overrides\":{\"containerOverrides\":[{}]}}");
    assertEquals(200, empty.statusCode(), "an empty container override is accepted: " + empty.body());
  }

  @Test
  void whatBerthDoesNotImplementIsRefusedAndWritesNothing() throws Exception {
    berth.createCluster("refusals");
    Object before = StoreSnapshot.of(berth);
    assertRefused(InvalidParameterException.class, "capacityProviders", () -> berth.ecs.createCluster(
        b -> b.clusterName("cp").capacityProviders("FARGATE")));
    assertRefused(InvalidParameterException.class, "defaultCapacityProviderStrategy", () -> berth.ecs.createCluster(
        b -> b.clusterName("cp").defaultCapacityProviderStrategy(s -> s.capacityProvider("FARGATE").weight(1))));
    assertRefused(InvalidParameterException.class, "serviceConnectDefaults", () -> berth.ecs.createCluster(
        b -> b.clusterName("cp").serviceConnectDefaults(s -> s.namespace("ns"))));
    assertRefused(InvalidParameterException.class, "capacityProviderStrategy", () -> berth.ecs.runTask(
        b -> b.cluster("refusals").taskDefinition("web").capacityProviderStrategy(s -> s.capacityProvider("cp"))));
    assertRefused(InvalidParameterException.class, "launchType", () -> berth.ecs.runTask(
        b -> b.cluster("refusals").taskDefinition("web").launchType("FARGATE")));
    assertRefused(ClientException.class, "requiresCompatibilities", () -> berth.ecs.registerTaskDefinition(
        b -> b.family("fargate").requiresCompatibilities(Compatibility.FARGATE).containerDefinitions(
            ContainerDefinition.builder().name("app").image("app").memory(64).build())));
    assertRefused(InvalidParameterException.class, "networkConfiguration", () -> berth.ecs.createService(
        b -> b.cluster("refusals").serviceName("s").taskDefinition("web").desiredCount(1)
            .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))));
    SdkServiceException role = assertRefused(InvalidParameterException.class, "role", () -> berth.ecs.createService(
        b -> b.cluster("refusals").serviceName("s").taskDefinition("web").desiredCount(1).role("ecsServiceRole")));
    assertTrue(role.getMessage().contains("only be specified for services that use a load balancer"),
        role.getMessage());
    assertEquals(before, StoreSnapshot.of(berth));

    AwsCli.Result cli = new AwsCli(berth).run("create-cluster", "--cluster-name", "cp", "--capacity-providers",
        "FARGATE");
    assertTrue(cli.exitCode() != 0 && cli.stderr().contains("InvalidParameterException")
        && cli.stderr().contains("capacityProviders"), cli.stderr());
    assertEquals(before, StoreSnapshot.of(berth));

    String ec2 = berth.ecs.registerTaskDefinition(b -> b.family("ec2").requiresCompatibilities(Compatibility.EC2)
        .containerDefinitions(ContainerDefinition.builder().name("app").image("app").memory(64).build()))
        .taskDefinition().taskDefinitionArn();
    assertTrue(ec2.endsWith("ec2:1"), "EC2 compatibility is what Berth runs");
  }

  private static SdkServiceException assertRefused(Class<? extends SdkServiceException> type, String member,
      org.junit.jupiter.api.function.Executable call) {
    SdkServiceException e = assertThrows(type, call, member);
    assertTrue(e.getMessage().contains(member), e.getMessage());
    return e;
  }
}
