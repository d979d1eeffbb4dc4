package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.UpdateTaskProtectionRequest;
import software.amazon.awssdk.services.ecs.model.UpdateTaskProtectionResponse;

/**
 * Task scale-in protection through the endpoint (SDK and AWS CLI), the reconcile queue and a fake
 * agent, on a movable clock: protected tasks survive scale-in and hold a deployment until their
 * protection expires or is cleared; standalone and unknown tasks are failures; bad input is refused
 * and writes nothing.
 */
class TaskProtectionIT {
  private static final OffsetClock CLOCK = new OffsetClock();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-protection", CLOCK);
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    for (String image : List.of("app:1", "app:2")) {
      berth.ecs.registerTaskDefinition(b -> b.family("app").containerDefinitions(
          ContainerDefinition.builder().name("app").image(image).cpu(128).memory(64).build()));
    }
  }

  private static List<String> live(FakeAgent agent, String service) {
    return agent.tasks().stream()
        .filter(t -> ("service:" + service).equals(t.group()) && "RUNNING".equals(t.desiredStatus())
            && !"STOPPED".equals(t.lastStatus()))
        .map(Task::taskArn).sorted().toList();
  }

  private static Service describe(String cluster, String service) {
    return berth.ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0);
  }

  private static UpdateTaskProtectionResponse protect(String cluster, List<String> tasks, Integer minutes) {
    return berth.ecs.updateTaskProtection(b -> b.cluster(cluster).tasks(tasks).protectionEnabled(true)
        .expiresInMinutes(minutes));
  }

  @Test
  void protectedTasksSurviveScaleInAndAreStoppedOnceTheirProtectionExpires() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "scalein", 2);
    berth.ecs.createService(b -> b.cluster("scalein").serviceName("web").taskDefinition("app:1").desiredCount(3));
    agent.settle(CLOCK);
    List<String> tasks = live(agent, "web");
    assertEquals(3, tasks.size());
    List<String> kept = tasks.subList(0, 2);

    Instant before = CLOCK.instant();
    UpdateTaskProtectionResponse set = protect("scalein", kept, 10);
    Instant after = CLOCK.instant();
    assertEquals(List.of(), set.failures());
    assertEquals(kept, set.protectedTasks().stream().map(ProtectedTask::taskArn).sorted().toList());
    for (ProtectedTask p : set.protectedTasks()) {
      assertTrue(p.protectionEnabled());
      assertFalse(p.expirationDate().isBefore(before.plus(Duration.ofMinutes(10)).minusMillis(1)), p.toString());
      assertFalse(p.expirationDate().isAfter(after.plus(Duration.ofMinutes(10))), p.toString());
    }
    List<ProtectedTask> got = berth.ecs.getTaskProtection(b -> b.cluster("scalein").tasks(tasks)).protectedTasks();
    assertEquals(List.of(true, true, false), got.stream()
        .sorted(java.util.Comparator.comparing(ProtectedTask::taskArn)).map(ProtectedTask::protectionEnabled).toList());
    assertNull(got.stream().filter(p -> !p.protectionEnabled()).findFirst().orElseThrow().expirationDate());

    berth.ecs.updateService(b -> b.cluster("scalein").service("web").desiredCount(0));
    agent.settle(CLOCK);
    assertEquals(kept, live(agent, "web"), "only the unprotected task stopped");
    Service web = describe("scalein", "web");
    assertEquals(2, web.runningCount());
    assertTrue(web.events().stream().anyMatch(e -> e.message().contains("protected from scale-in")),
        web.events().toString());

    CLOCK.advance(Duration.ofMinutes(10));
    agent.settle(CLOCK);
    assertEquals(List.of(), live(agent, "web"), "expired protection no longer holds them");
    assertEquals(0, describe("scalein", "web").runningCount());
    assertEquals(List.of("TASK_NOT_VALID", "TASK_NOT_VALID"), berth.ecs.getTaskProtection(
        b -> b.cluster("scalein").tasks(kept)).failures().stream().map(f -> f.reason()).toList(),
        "stopped tasks are no longer protectable");
    assertEquals(List.of(), berth.ledgerDrift("scalein"));
  }

  @Test
  void aProtectedTaskHoldsADeploymentInProgressUntilItsProtectionIsCleared() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "deploy", 2);
    berth.ecs.createService(b -> b.cluster("deploy").serviceName("web").taskDefinition("app:1").desiredCount(2)
        .deploymentConfiguration(c -> c.minimumHealthyPercent(50).maximumPercent(200)));
    agent.settle(CLOCK);
    String held = live(agent, "web").get(0);
    protect("deploy", List.of(held), null);

    berth.ecs.updateService(b -> b.cluster("deploy").service("web").taskDefinition("app:2"));
    agent.settle(CLOCK);
    assertTrue(live(agent, "web").contains(held), "the protected task of app:1 still runs");
    List<Deployment> deployments = describe("deploy", "web").deployments();
    assertEquals(2, deployments.size());
    assertEquals("IN_PROGRESS", deployments.get(0).rolloutStateAsString());
    assertEquals(1, deployments.get(1).runningCount());

    UpdateTaskProtectionResponse cleared = berth.ecs.updateTaskProtection(b -> b.cluster("deploy").tasks(held)
        .protectionEnabled(false));
    assertFalse(cleared.protectedTasks().get(0).protectionEnabled());
    assertNull(cleared.protectedTasks().get(0).expirationDate());
    agent.settle(CLOCK);
    assertFalse(live(agent, "web").contains(held));
    deployments = describe("deploy", "web").deployments();
    assertEquals(1, deployments.size());
    assertEquals("COMPLETED", deployments.get(0).rolloutStateAsString());
  }

  @Test
  void deletingAServiceWithForceStopsItsProtectedTasks() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "force", 1);
    berth.ecs.createService(b -> b.cluster("force").serviceName("web").taskDefinition("app:1").desiredCount(2));
    agent.settle(CLOCK);
    protect("force", live(agent, "web"), 60);
    berth.ecs.deleteService(b -> b.cluster("force").service("web").force(true));
    agent.settle(CLOCK);
    assertEquals(List.of(), live(agent, "web"));
  }

  @Test
  void standaloneStoppedAndUnknownTasksAreFailuresNotErrors() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "failures", 1);
    String standalone = berth.ecs.runTask(b -> b.cluster("failures").taskDefinition("app:1")).tasks().get(0).taskArn();
    String unknown = standalone.substring(0, standalone.lastIndexOf('/') + 1) + "0123456789abcdef0123456789abcdef";
    berth.ecs.createService(b -> b.cluster("failures").serviceName("web").taskDefinition("app:1").desiredCount(1));
    agent.settle(CLOCK);
    String serviceTask = live(agent, "web").get(0);

    UpdateTaskProtectionResponse answer = protect("failures", List.of(standalone, unknown, serviceTask), 5);
    assertEquals(List.of(serviceTask), answer.protectedTasks().stream().map(ProtectedTask::taskArn).toList());
    assertEquals(List.of(standalone + " TASK_NOT_VALID", unknown + " MISSING"),
        answer.failures().stream().map(f -> f.arn() + " " + f.reason()).toList());

    berth.ecs.stopTask(b -> b.cluster("failures").task(serviceTask));
    assertEquals("TASK_NOT_VALID", berth.ecs.getTaskProtection(b -> b.cluster("failures").tasks(serviceTask))
        .failures().get(0).reason(), "a stopping task");
  }

  @Test
  void badRequestsAreRefusedAndWriteNothing() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "bad", 1);
    berth.ecs.createService(b -> b.cluster("bad").serviceName("web").taskDefinition("app:1").desiredCount(1));
    agent.settle(CLOCK);
    String task = live(agent, "web").get(0);
    Object before = StoreSnapshot.of(berth);
    List<Consumer<UpdateTaskProtectionRequest.Builder>> bad = List.of(
        b -> b.cluster("bad").tasks(task).protectionEnabled(true).expiresInMinutes(0),
        b -> b.cluster("bad").tasks(task).protectionEnabled(true).expiresInMinutes(2881),
        b -> b.cluster("bad").tasks(Collections.nCopies(11, task)).protectionEnabled(true),
        b -> b.cluster("bad").tasks(List.of()).protectionEnabled(true),
        b -> b.cluster("bad").tasks("not a task id").protectionEnabled(true),
        b -> b.cluster("bad").tasks(task));
    for (var request : bad) {
      assertThrows(InvalidParameterException.class, () -> berth.ecs.updateTaskProtection(request));
    }
    assertThrows(ClusterNotFoundException.class,
        () -> berth.ecs.updateTaskProtection(b -> b.cluster("nowhere").tasks(task.substring(task.lastIndexOf('/') + 1))
            .protectionEnabled(true)));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.getTaskProtection(b -> b.cluster("bad").tasks(Collections.nCopies(101, task))));
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void theAwsCliSetsAndReadsProtection() throws Exception {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "cli", 1);
    berth.ecs.createService(b -> b.cluster("cli").serviceName("web").taskDefinition("app:1").desiredCount(1));
    agent.settle(CLOCK);
    String task = live(agent, "web").get(0);
    AwsCli cli = new AwsCli(berth);
    JsonNode set = cli.ecs("update-task-protection", "--cluster", "cli", "--tasks", task, "--protection-enabled",
        "--expires-in-minutes", "30");
    assertTrue(set.path("protectedTasks").get(0).path("protectionEnabled").asBoolean());
    JsonNode got = cli.ecs("get-task-protection", "--cluster", "cli", "--tasks", task);
    assertEquals(task, got.path("protectedTasks").get(0).path("taskArn").asText());
    assertTrue(got.path("protectedTasks").get(0).has("expirationDate"));
    AwsCli.Result refused = cli.run("update-task-protection", "--cluster", "cli", "--tasks", task,
        "--protection-enabled", "--expires-in-minutes", "3000");
    assertTrue(refused.exitCode() != 0 && refused.stderr().contains("InvalidParameterException"), refused.stderr());
  }
}
