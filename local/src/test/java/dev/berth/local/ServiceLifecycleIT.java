package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.store.DynamoServiceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Services through the endpoint, the reconcile queue and a fake agent: scaling (and which tasks
 * go), deletion with and without force, DAEMON services, draining an instance, the circuit breaker
 * with rollback, and two reconciles of one service at once.
 */
class ServiceLifecycleIT {
  private static final OffsetClock CLOCK = new OffsetClock();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-services", CLOCK);
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    for (String image : List.of("app:1", "app:2", "does-not-exist")) {
      berth.ecs.registerTaskDefinition(b -> b.family("app").containerDefinitions(
          ContainerDefinition.builder().name("app").image(image).cpu(256).memory(64).build()));
    }
  }

  private static List<Task> live(FakeAgent agent, String service) {
    return agent.tasks().stream()
        .filter(t -> ("service:" + service).equals(t.group()) && "RUNNING".equals(t.desiredStatus())
            && !"STOPPED".equals(t.lastStatus()))
        .toList();
  }

  private static Service describe(String cluster, String service) {
    return berth.ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0);
  }

  @Test
  void scalingUpAndDownKeepsTheTasksSpreadAcrossInstances() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "scale", 3);
    berth.ecs.createService(b -> b.cluster("scale").serviceName("web").taskDefinition("app:1").desiredCount(3));
    agent.settle(CLOCK);
    assertEquals(3, live(agent, "web").size());
    berth.ecs.updateService(b -> b.cluster("scale").service("web").desiredCount(6));
    agent.settle(CLOCK);
    Map<String, Long> perInstance = live(agent, "web").stream()
        .collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
    assertEquals(List.of(2L, 2L, 2L), List.copyOf(perInstance.values()), "spread by instance: " + perInstance);

    berth.ecs.updateService(b -> b.cluster("scale").service("web").desiredCount(3));
    agent.settle(CLOCK);
    perInstance = live(agent, "web").stream()
        .collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
    assertEquals(List.of(1L, 1L, 1L), List.copyOf(perInstance.values()), "scale-in keeps the spread: " + perInstance);
    Service web = describe("scale", "web");
    assertEquals(3, web.runningCount());
    assertEquals(1, web.deployments().size(), "a desired count change is no new deployment");
    assertTrue(agent.tasks().stream().filter(t -> "STOPPED".equals(t.lastStatus()))
        .allMatch(t -> "ServiceSchedulerInitiated".equals(t.stopCodeAsString())
            && t.stoppedReason().startsWith("Scaling activity initiated by (deployment ecs-svc/")));
    assertEquals(List.of(), berth.ledgerDrift("scale"));
  }

  @Test
  void theHealthCheckGracePeriodIsKeptWithoutLoadBalancersAndChangesNoDeployment() {
    FakeAgent.onNewCluster(berth, "grace", 1);
    Service created = berth.ecs.createService(b -> b.cluster("grace").serviceName("web").taskDefinition("app:1")
        .desiredCount(0).healthCheckGracePeriodSeconds(90)).service();
    assertEquals(90, created.healthCheckGracePeriodSeconds());
    berth.ecs.updateService(b -> b.cluster("grace").service("web").healthCheckGracePeriodSeconds(30));
    Service updated = describe("grace", "web");
    assertEquals(30, updated.healthCheckGracePeriodSeconds());
    assertEquals(1, updated.deployments().size(), "a new grace period is no new deployment");
  }

  @Test
  void deleteNeedsForceWhileScaledUpThenDrainsToInactive() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "delete", 2);
    berth.ecs.createService(b -> b.cluster("delete").serviceName("web").taskDefinition("app:1").desiredCount(2));
    berth.ecs.createService(b -> b.cluster("delete").serviceName("idle").taskDefinition("app:1").desiredCount(0));
    agent.settle(CLOCK);
    var refused = assertThrows(InvalidParameterException.class,
        () -> berth.ecs.deleteService(b -> b.cluster("delete").service("web")));
    assertTrue(refused.getMessage().contains("scaled above 0"), refused.getMessage());
    assertEquals("ACTIVE", describe("delete", "web").status());
    assertEquals("DRAINING", berth.ecs.deleteService(b -> b.cluster("delete").service("idle")).service().status());

    assertEquals("DRAINING",
        berth.ecs.deleteService(b -> b.cluster("delete").service("web").force(true)).service().status());
    agent.settle(CLOCK);
    assertEquals("INACTIVE", describe("delete", "web").status());
    assertEquals("INACTIVE", describe("delete", "idle").status());
    assertEquals(List.of(), live(agent, "web"));
    assertEquals(List.of(), berth.ecs.listServices(b -> b.cluster("delete")).serviceArns());
    assertEquals(List.of(), berth.ledgerDrift("delete"));
  }

  @Test
  void aDaemonRunsOnEveryInstanceAndLeavesADrainingOne() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "daemons", 5);
    berth.ecs.createService(b -> b.cluster("daemons").serviceName("logs").taskDefinition("app:1")
        .schedulingStrategy(SchedulingStrategy.DAEMON));
    agent.settle(CLOCK);
    List<Task> daemons = live(agent, "logs");
    assertEquals(5, daemons.size());
    assertEquals(5, daemons.stream().map(Task::containerInstanceArn).distinct().count(), "one per instance");
    assertEquals(5, describe("daemons", "logs").desiredCount());

    String sixth = berth.registerInstance("daemons", 2048, 2048);
    agent.settle(CLOCK);
    assertTrue(live(agent, "logs").stream().anyMatch(t -> t.containerInstanceArn().equals(sixth)),
        "a new instance gets the daemon");

    berth.ecs.updateContainerInstancesState(b -> b.cluster("daemons").containerInstances(sixth).status("DRAINING"));
    agent.settle(CLOCK);
    assertTrue(live(agent, "logs").stream().noneMatch(t -> t.containerInstanceArn().equals(sixth)),
        "the draining instance's daemon stopped");
    assertEquals(5, live(agent, "logs").size());
    assertEquals(List.of(), berth.ledgerDrift("daemons"));
  }

  @Test
  void drainingAnInstanceMovesServiceTasksAndLeavesStandaloneOnes() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "drain", 1);
    berth.ecs.createService(b -> b.cluster("drain").serviceName("web").taskDefinition("app:1").desiredCount(3)
        .deploymentConfiguration(c -> c.minimumHealthyPercent(50).maximumPercent(200)));
    agent.settle(CLOCK);
    String first = live(agent, "web").get(0).containerInstanceArn();
    String standalone = berth.ecs.runTask(b -> b.cluster("drain").taskDefinition("app:1")).tasks().get(0).taskArn();
    berth.registerInstance("drain", 2048, 2048);
    agent.report();

    berth.ecs.updateContainerInstancesState(b -> b.cluster("drain").containerInstances(first).status("DRAINING"));
    agent.settle(CLOCK);
    List<Task> web = live(agent, "web");
    assertEquals(3, web.size());
    assertTrue(web.stream().noneMatch(t -> t.containerInstanceArn().equals(first)), "moved off the draining instance");
    Task kept = berth.ecs.describeTasks(b -> b.cluster("drain").tasks(standalone)).tasks().get(0);
    assertEquals("RUNNING", kept.lastStatus(), "a standalone task is not the scheduler's to move");
    assertEquals(List.of(), berth.ledgerDrift("drain"));
  }

  @Test
  void forcedDeregistrationOrphansServiceTasksAndTheServiceReplacesThem() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "orphans", 1);
    berth.ecs.createService(b -> b.cluster("orphans").serviceName("web").taskDefinition("app:1").desiredCount(2));
    agent.settle(CLOCK);
    String first = live(agent, "web").get(0).containerInstanceArn();
    List<String> orphans = live(agent, "web").stream().map(Task::taskArn).toList();
    String second = berth.registerInstance("orphans", 2048, 2048);

    berth.ecs.deregisterContainerInstance(b -> b.cluster("orphans").containerInstance(first).force(true));
    agent.kill(first); // its agent no longer reports
    agent.settle(CLOCK);
    List<Task> web = live(agent, "web");
    assertEquals(2, web.stream().filter(t -> t.containerInstanceArn().equals(second)).count(), "replaced: " + web);
    for (Task orphan : berth.ecs.describeTasks(b -> b.cluster("orphans").tasks(orphans)).tasks()) {
      assertEquals("RUNNING", orphan.lastStatus(), "an orphan is left as it was");
      assertEquals("RUNNING", orphan.desiredStatus());
    }
    Service service = describe("orphans", "web");
    assertEquals(2, service.runningCount(), "the service counts its replacements, not its orphans");
    var cluster = berth.ecs.describeClusters(b -> b.clusters("orphans")).clusters().get(0);
    assertEquals(List.of(1, 2, 0), List.of(cluster.registeredContainerInstancesCount(), cluster.runningTasksCount(),
        cluster.pendingTasksCount()));
    assertEquals(List.of(), berth.ledgerDrift("orphans"));
  }

  @Test
  void theCircuitBreakerFailsABrokenDeploymentAndRollsBack() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "breaker", 2);
    agent.failToStart = t -> t.taskDefinitionArn().endsWith("app:3");
    berth.ecs.createService(b -> b.cluster("breaker").serviceName("web").taskDefinition("app:1").desiredCount(4)
        .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
    agent.settle(CLOCK);
    String good = describe("breaker", "web").deployments().get(0).id();

    berth.ecs.updateService(b -> b.cluster("breaker").service("web").taskDefinition("app:3"));
    agent.settle(CLOCK);
    Service web = describe("breaker", "web");
    assertTrue(web.events().stream().anyMatch(e -> e.message().contains("rolling back to deployment " + good)),
        web.events().toString());
    assertTrue(web.deployments().get(0).taskDefinition().endsWith("app:1"), "the PRIMARY runs the last good revision");
    assertEquals("COMPLETED", web.deployments().get(0).rolloutStateAsString());
    List<Task> running = live(agent, "web");
    assertEquals(4, running.size());
    assertTrue(running.stream().allMatch(t -> t.taskDefinitionArn().endsWith("app:1")));
    assertEquals(List.of(), berth.ledgerDrift("breaker"));
  }

  @Test
  void tasksThatRunButNeverTurnHealthyTripTheBreakerAndTheServiceRollsBack() {
    for (String image : List.of("probed:1", "probed:2")) {
      berth.ecs.registerTaskDefinition(b -> b.family("probed").containerDefinitions(
          ContainerDefinition.builder().name("app").image(image).cpu(256).memory(64)
              .healthCheck(h -> h.command("CMD-SHELL", "probe").interval(5).retries(1)).build()));
    }
    berth.createCluster("probed");
    for (int i = 0; i < 2; i++) {
      berth.ecs.registerContainerInstance(b -> b.cluster("probed")
          .totalResources(Resource.builder().name("CPU").type("INTEGER").integerValue(2048).build(),
              Resource.builder().name("MEMORY").type("INTEGER").integerValue(2048).build())
          .attributes(Attribute.builder().name("com.amazonaws.ecs.capability.container-health-check").build()));
    }
    FakeAgent agent = new FakeAgent(berth, "probed");
    agent.checked = t -> t.taskDefinitionArn().contains(":task-definition/probed:");
    agent.unhealthy = t -> t.taskDefinitionArn().endsWith("probed:2");
    berth.ecs.createService(b -> b.cluster("probed").serviceName("web").taskDefinition("probed:1").desiredCount(1)
        .deploymentConfiguration(c -> c.minimumHealthyPercent(100).maximumPercent(200)
            .deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
    agent.settle(CLOCK);
    String good = describe("probed", "web").deployments().get(0).id();

    berth.ecs.updateService(b -> b.cluster("probed").service("web").taskDefinition("probed:2"));
    agent.settle(CLOCK);
    Service web = describe("probed", "web");
    assertTrue(web.events().stream().anyMatch(e -> e.message().contains("rolling back to deployment " + good)),
        web.events().toString());
    assertTrue(web.deployments().get(0).taskDefinition().endsWith("probed:1"), "the PRIMARY runs the last good revision");
    List<Task> stoppedForHealth = agent.tasks().stream()
        .filter(t -> "Task failed container health checks".equals(t.stoppedReason())).toList();
    assertTrue(stoppedForHealth.size() >= 3, "the breaker trips at its threshold of 3: " + stoppedForHealth.size());
    assertTrue(stoppedForHealth.stream().allMatch(t -> t.taskDefinitionArn().endsWith("probed:2")));
    List<Task> running = live(agent, "web");
    assertEquals(1, running.size());
    assertTrue(running.get(0).taskDefinitionArn().endsWith("probed:1"));
    assertEquals(List.of(), berth.ledgerDrift("probed"));
  }

  @Test
  void aServiceIsDueOnlyUntilItIsSteady() {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "due", 1);
    var services = new DynamoServiceStore(dev.berth.store.testing.Emulator.dynamo(), berth.config);
    berth.ecs.createService(b -> b.cluster("due").serviceName("web").taskDefinition("app:1").desiredCount(1));
    assertEquals(List.of("web"), services.due("due", CLOCK.instant()), "a new service is due at once");
    agent.reconcile();
    agent.report();
    agent.reconcile();
    // RUNNING but not yet healthy: due when it will be (40 s after it started), not before.
    assertEquals(List.of(), services.due("due", CLOCK.instant()));
    assertEquals(List.of("web"), services.due("due", CLOCK.instant().plusSeconds(41)));
    CLOCK.advance(Duration.ofSeconds(41));
    agent.heartbeat();
    agent.sweep();
    assertEquals("(service web) has reached a steady state.", describe("due", "web").events().get(0).message());
    assertEquals(List.of(), services.due("due", CLOCK.instant().plusSeconds(3600)), "a steady service is not due");
  }

  @Test
  void concurrentReconcilesOfOneServiceNeverExceedMaximumPercent() throws Exception {
    FakeAgent agent = FakeAgent.onNewCluster(berth, "race", 3);
    berth.ecs.createService(b -> b.cluster("race").serviceName("web").taskDefinition("app:1").desiredCount(4)
        .deploymentConfiguration(c -> c.minimumHealthyPercent(50).maximumPercent(150)));
    var reconciler = berth.reconcilerAt(CLOCK).services();
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      done.add(pool.submit(() -> {
        go.await();
        return reconciler.reconcile("race", "web");
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    // Without the lease every pass would see no tasks and start 4: up to 32 against a bound of 6.
    assertEquals(4, live(agent, "web").size());
    agent.reconcile();
    assertEquals(4, live(agent, "web").size(), "the queued passes find nothing more to start");
    assertEquals(List.of(), berth.ledgerDrift("race"));
  }
}
