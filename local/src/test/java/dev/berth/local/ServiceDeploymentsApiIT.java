package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;

/**
 * The service deployments API through the endpoint (SDK and AWS CLI), a fake agent and the
 * reconcile queue: the history follows deployments to SUCCESSFUL, a manual rollback and the
 * circuit breaker's through the rollback states, pages newest first, and refuses bad input
 * without writing.
 */
class ServiceDeploymentsApiIT {
  private static final OffsetClock CLOCK = new OffsetClock();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-svc-deployments", CLOCK);
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    for (String image : List.of("app:1", "app:2", "does-not-exist")) {
      berth.ecs.registerTaskDefinition(b -> b.family("app").containerDefinitions(
          ContainerDefinition.builder().name("app").image(image).cpu(128).memory(64).build()));
    }
  }

  /** A new cluster whose agents fail to start app:3 (an image that does not exist). */
  private static FakeAgent cluster(String name, int instances) {
    FakeAgent agent = FakeAgent.onNewCluster(berth, name, instances);
    agent.failToStart = t -> t.taskDefinitionArn().endsWith(":3");
    return agent;
  }

  private static Service describe(String cluster) {
    return berth.ecs.describeServices(b -> b.cluster(cluster).services("web")).services().get(0);
  }

  private static List<ServiceDeploymentBrief> history(String cluster) {
    return berth.ecs.listServiceDeployments(b -> b.cluster(cluster).service("web")).serviceDeployments();
  }

  private static ServiceDeployment full(String arn) {
    return berth.ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(arn)).serviceDeployments().get(0);
  }

  private static ServiceRevision revision(String arn) {
    return berth.ecs.describeServiceRevisions(b -> b.serviceRevisionArns(arn)).serviceRevisions().get(0);
  }

  @Test
  void aDeploymentIsListedDescribedAndConsistentWithDescribeServices() {
    FakeAgent agent = cluster("happy", 2);
    berth.ecs.createService(b -> b.cluster("happy").serviceName("web").taskDefinition("app:1").desiredCount(2));
    List<ServiceDeploymentBrief> started = history("happy");
    assertEquals(1, started.size());
    assertEquals(ServiceDeploymentStatus.IN_PROGRESS, started.get(0).status());
    assertEquals("IN_PROGRESS", describe("happy").deployments().get(0).rolloutStateAsString());
    agent.settle(CLOCK);

    Service web = describe("happy");
    ServiceDeploymentBrief brief = history("happy").get(0);
    assertEquals(ServiceDeploymentStatus.SUCCESSFUL, brief.status());
    assertEquals("COMPLETED", web.deployments().get(0).rolloutStateAsString());
    assertEquals(web.currentServiceDeployment(), brief.serviceDeploymentArn());
    assertTrue(brief.serviceDeploymentArn().matches(
        "arn:aws:ecs:us-east-1:\\d{12}:service-deployment/happy/web/[A-Za-z0-9]{21}"), brief.serviceDeploymentArn());
    assertEquals(web.serviceArn(), brief.serviceArn());
    assertNotNull(brief.finishedAt());
    String revisionArn = brief.targetServiceRevisionArn();
    assertEquals(revisionArn.substring(revisionArn.lastIndexOf('/') + 1),
        web.deployments().get(0).id().substring("ecs-svc/".length()), "the revision is numbered as its deployment");
    assertEquals(List.of(revisionArn), web.currentServiceRevisions().stream().map(r -> r.arn()).toList());
    assertEquals(2, web.currentServiceRevisions().get(0).runningTaskCount());

    ServiceDeployment d = full(brief.serviceDeploymentArn());
    assertEquals(revisionArn, d.targetServiceRevision().arn());
    assertEquals(2, d.targetServiceRevision().runningTaskCount());
    assertEquals(List.of(), d.sourceServiceRevisions());
    assertEquals(200, d.deploymentConfiguration().maximumPercent());
    assertEquals("DISABLED", d.deploymentCircuitBreaker().statusAsString());
    ServiceRevision r = revision(revisionArn);
    assertTrue(r.taskDefinition().endsWith(":task-definition/app:1"), r.taskDefinition());
    assertEquals("EC2", r.launchTypeAsString());

    berth.ecs.updateService(b -> b.cluster("happy").service("web").taskDefinition("app:2"));
    agent.settle(CLOCK);
    List<ServiceDeploymentBrief> two = history("happy");
    assertEquals(2, two.size());
    assertEquals(ServiceDeploymentStatus.SUCCESSFUL, two.get(0).status(), "newest first");
    ServiceDeployment second = full(two.get(0).serviceDeploymentArn());
    assertEquals(List.of(revisionArn), second.sourceServiceRevisions().stream().map(s -> s.arn()).toList());
    assertEquals(0, second.sourceServiceRevisions().get(0).runningTaskCount(), "its old tasks are gone");
  }

  @Test
  void stoppingADeploymentRollsItBackToTheLastSuccessfulRevision() {
    FakeAgent agent = cluster("manual", 2);
    berth.ecs.createService(b -> b.cluster("manual").serviceName("web").taskDefinition("app:1").desiredCount(2)
        .deploymentConfiguration(c -> c.minimumHealthyPercent(100).maximumPercent(200)));
    agent.settle(CLOCK);
    String good = history("manual").get(0).targetServiceRevisionArn();
    berth.ecs.updateService(b -> b.cluster("manual").service("web").taskDefinition("app:2"));
    String arn = history("manual").get(0).serviceDeploymentArn();
    assertEquals(arn, berth.ecs.stopServiceDeployment(b -> b.serviceDeploymentArn(arn).stopType("ROLLBACK"))
        .serviceDeploymentArn());
    ServiceDeployment requested = full(arn);
    assertEquals(ServiceDeploymentStatus.ROLLBACK_REQUESTED, requested.status());
    assertEquals(good, requested.rollback().serviceRevisionArn());
    assertEquals(arn, berth.ecs.stopServiceDeployment(b -> b.serviceDeploymentArn(arn)).serviceDeploymentArn(),
        "a second stop is accepted and changes nothing");

    agent.settle(CLOCK);
    ServiceDeployment done = full(arn);
    assertEquals(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL, done.status());
    assertNotNull(done.finishedAt());
    Service web = describe("manual");
    assertTrue(web.taskDefinition().endsWith("app:1"), web.taskDefinition());
    assertEquals(1, web.deployments().size());
    assertEquals("COMPLETED", web.deployments().get(0).rolloutStateAsString());
    assertEquals(2, history("manual").size(), "a rollback is no new service deployment");

    Object before = StoreSnapshot.of(berth);
    ConflictException conflict = assertThrows(ConflictException.class,
        () -> berth.ecs.stopServiceDeployment(b -> b.serviceDeploymentArn(arn)));
    assertTrue(conflict.getMessage().contains("ROLLBACK_SUCCESSFUL"), conflict.getMessage());
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void theCircuitBreakersRollbackShowsAsATriggeredRollback() {
    FakeAgent agent = cluster("breaker", 2);
    berth.ecs.createService(b -> b.cluster("breaker").serviceName("web").taskDefinition("app:1").desiredCount(2)
        .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
    agent.settle(CLOCK);
    String good = history("breaker").get(0).targetServiceRevisionArn();
    berth.ecs.updateService(b -> b.cluster("breaker").service("web").taskDefinition("app:3"));
    agent.settle(CLOCK);
    ServiceDeployment failed = full(history("breaker").get(0).serviceDeploymentArn());
    assertEquals(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL, failed.status());
    assertEquals(good, failed.rollback().serviceRevisionArn());
    assertEquals("TRIGGERED", failed.deploymentCircuitBreaker().statusAsString());
    assertTrue(failed.deploymentCircuitBreaker().failureCount() >= 3, failed.deploymentCircuitBreaker().toString());
    assertEquals(List.of(good), describe("breaker").currentServiceRevisions().stream().map(r -> r.arn()).toList());
  }

  @Test
  void pagesComeNewestFirstAndFiltersApply() {
    cluster("pages", 1);
    berth.ecs.createService(b -> b.cluster("pages").serviceName("web").taskDefinition("app:1").desiredCount(0));
    Instant middle = null;
    for (int i = 0; i < 4; i++) {
      CLOCK.advance(Duration.ofSeconds(10));
      if (i == 2) {
        middle = CLOCK.instant();
        CLOCK.advance(Duration.ofSeconds(1));
      }
      berth.ecs.updateService(b -> b.cluster("pages").service("web").forceNewDeployment(true));
    }
    List<String> all = history("pages").stream().map(ServiceDeploymentBrief::serviceDeploymentArn).toList();
    assertEquals(5, all.size());
    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListServiceDeploymentsResponse page = berth.ecs.listServiceDeployments(b -> b.cluster("pages").service("web")
          .maxResults(2).nextToken(next));
      assertTrue(page.serviceDeployments().size() <= 2);
      page.serviceDeployments().forEach(d -> paged.add(d.serviceDeploymentArn()));
      token = page.nextToken();
    } while (token != null);
    assertEquals(all, paged);
    List<Instant> created = history("pages").stream().map(ServiceDeploymentBrief::createdAt).toList();
    List<Instant> sorted = new ArrayList<>(created);
    sorted.sort(Collections.reverseOrder());
    assertEquals(sorted, created);

    assertEquals(4, berth.ecs.listServiceDeployments(b -> b.cluster("pages").service("web")
        .status(ServiceDeploymentStatus.STOPPED)).serviceDeployments().size(), "each superseded by the next");
    Instant cut = middle;
    assertEquals(all.subList(0, 2), berth.ecs.listServiceDeployments(b -> b.cluster("pages").service("web")
        .createdAt(c -> c.after(cut))).serviceDeployments().stream().map(ServiceDeploymentBrief::serviceDeploymentArn)
        .toList());
  }

  @Test
  void badRequestsAreRefusedWithEcsErrorsAndWriteNothing() {
    cluster("bad", 1);
    berth.ecs.createService(b -> b.cluster("bad").serviceName("web").taskDefinition("app:1").desiredCount(0));
    String arn = history("bad").get(0).serviceDeploymentArn();
    String unknown = arn.substring(0, arn.lastIndexOf('/') + 1) + "AAAAAAAAAAAAAAAAAAAAA";
    Object before = StoreSnapshot.of(berth);
    assertThrows(ServiceDeploymentNotFoundException.class,
        () -> berth.ecs.stopServiceDeployment(b -> b.serviceDeploymentArn(unknown)));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.stopServiceDeployment(b -> b.serviceDeploymentArn(arn).stopType("ABORT")));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.stopServiceDeployment(b -> b.serviceDeploymentArn("arn:aws:ecs:us-east-1:000000000000:task/x")));
    assertThrows(ConflictException.class, () -> berth.ecs.stopServiceDeployment(b -> b.serviceDeploymentArn(arn)),
        "nothing earlier to roll back to");
    assertThrows(ServiceNotFoundException.class,
        () -> berth.ecs.listServiceDeployments(b -> b.cluster("bad").service("nothing")));
    assertThrows(ClusterNotFoundException.class,
        () -> berth.ecs.listServiceDeployments(b -> b.cluster("nowhere").service("web")));
    for (int max : List.of(0, 101)) {
      assertThrows(InvalidParameterException.class,
          () -> berth.ecs.listServiceDeployments(b -> b.cluster("bad").service("web").maxResults(max)));
    }
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.listServiceDeployments(b -> b.cluster("bad").service("web").nextToken("garbage")));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(Collections.nCopies(21, arn))));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.describeServiceRevisions(b -> b.serviceRevisionArns(List.of())));
    assertEquals(before, StoreSnapshot.of(berth));

    var missing = berth.ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(arn, unknown));
    assertEquals(1, missing.serviceDeployments().size());
    assertEquals(unknown, missing.failures().get(0).arn());
    assertEquals("MISSING", missing.failures().get(0).reason());

    berth.ecs.deleteService(b -> b.cluster("bad").service("web"));
    FakeAgent agent = new FakeAgent(berth, "bad");
    agent.settle(CLOCK);
    assertEquals("MISSING", berth.ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(arn)).failures().get(0)
        .reason(), "a deleted service's deployments go with it");
  }

  @Test
  void theAwsCliListsAndDescribes() throws Exception {
    FakeAgent agent = cluster("cli", 1);
    berth.ecs.createService(b -> b.cluster("cli").serviceName("web").taskDefinition("app:1").desiredCount(1));
    agent.settle(CLOCK);
    AwsCli cli = new AwsCli(berth);
    JsonNode listed = cli.ecs("list-service-deployments", "--cluster", "cli", "--service", "web");
    String arn = listed.path("serviceDeployments").get(0).path("serviceDeploymentArn").asText();
    assertEquals("SUCCESSFUL", listed.path("serviceDeployments").get(0).path("status").asText());
    JsonNode described = cli.ecs("describe-service-deployments", "--service-deployment-arns", arn);
    String revisionArn = described.path("serviceDeployments").get(0).path("targetServiceRevision").path("arn").asText();
    JsonNode revision = cli.ecs("describe-service-revisions", "--service-revision-arns", revisionArn);
    assertTrue(revision.path("serviceRevisions").get(0).path("taskDefinition").asText().endsWith("app:1"));
    AwsCli.Result refused = cli.run("stop-service-deployment", "--service-deployment-arn", arn);
    assertTrue(refused.exitCode() != 0 && refused.stderr().contains("ConflictException"), refused.stderr());
    assertNull(described.path("serviceDeployments").get(0).get("rollback"));
  }
}
