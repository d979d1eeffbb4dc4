package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Rolling deployments of a 10-task service through the endpoint, the reconcile queue and a fake
 * agent, with time moved forward so tasks become healthy: at every step the service stays within
 * ECS's bounds (at most floor(10 x max%) live tasks; once the first rollout is done, at least
 * ceil(10 x min%) healthy ones), and each rollout ends with 10 tasks of the new revision, a
 * completed deployment and the steady-state event.
 */
class ServiceDeploymentIT {
  private static final Duration HEALTHY_AFTER = Duration.ofSeconds(41);
  private static final OffsetClock CLOCK = new OffsetClock();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-deploy", CLOCK);
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    for (String image : List.of("app:1", "app:2")) {
      berth.ecs.registerTaskDefinition(b -> b.family("app").containerDefinitions(
          ContainerDefinition.builder().name("app").image(image).cpu(128).memory(64).build()));
    }
  }

  @ParameterizedTest(name = "min {0}% max {1}%")
  @CsvSource({"50,200", "100,200", "0,100"})
  void aRollingDeploymentStaysWithinItsBounds(int minPercent, int maxPercent) {
    String cluster = "deploy-" + minPercent + "-" + maxPercent;
    berth.createCluster(cluster);
    for (int i = 0; i < 3; i++) {
      berth.registerInstance(cluster, 4096, 4096); // 32 tasks each: capacity never limits the rollout
    }
    FakeAgent agent = new FakeAgent(berth, cluster);
    berth.ecs.createService(b -> b.cluster(cluster).serviceName("web").taskDefinition("app:1").desiredCount(10)
        .deploymentConfiguration(c -> c.minimumHealthyPercent(minPercent).maximumPercent(maxPercent)));
    Bounds bounds = new Bounds(10 * maxPercent / 100, (int) Math.ceil(10 * minPercent / 100.0));

    converge(agent, cluster, "app:1", bounds, false);
    berth.ecs.updateService(b -> b.cluster(cluster).service("web").taskDefinition("app:2"));
    converge(agent, cluster, "app:2", bounds, true);

    List<Task> running = agent.tasks().stream().filter(t -> "RUNNING".equals(t.lastStatus())).toList();
    assertEquals(10, running.size());
    assertTrue(running.stream().allMatch(t -> t.taskDefinitionArn().endsWith("app:2")), "only the new revision runs");
    assertTrue(running.stream().allMatch(t -> t.group().equals("service:web")));
    Service web = describe(cluster);
    assertEquals(1, web.deployments().size());
    assertEquals("COMPLETED", web.deployments().get(0).rolloutStateAsString());
    assertEquals(web.deployments().get(0).id(), running.get(0).startedBy(), "startedBy is the deployment id");
    assertEquals("(service web) has reached a steady state.", web.events().get(0).message());
    assertTrue(web.events().stream().anyMatch(e -> e.message().endsWith("deployment completed.")));
    assertEquals(List.of(), berth.ledgerDrift(cluster));
  }

  private record Bounds(int maxTotal, int minHealthy) {}

  /** Rounds of: passes, agent reports, passes, time moves on, sweep; until the service is steady on {@code revision}. */
  private static void converge(FakeAgent agent, String cluster, String revision, Bounds bounds, boolean keepHealthy) {
    for (int round = 0; round < 40; round++) {
      agent.reconcile();
      check(agent, bounds, keepHealthy);
      agent.report();
      agent.reconcile();
      check(agent, bounds, keepHealthy);
      CLOCK.advance(HEALTHY_AFTER);
      agent.heartbeat();
      agent.sweep();
      check(agent, bounds, keepHealthy);
      Service web = describe(cluster);
      if (web.deployments().size() == 1 && web.deployments().get(0).taskDefinition().endsWith(revision)
          && "COMPLETED".equals(web.deployments().get(0).rolloutStateAsString()) && web.runningCount() == 10) {
        return;
      }
    }
    throw new AssertionError("no steady state on " + revision + ": " + describe(cluster));
  }

  private static void check(FakeAgent agent, Bounds bounds, boolean keepHealthy) {
    List<Task> tasks = agent.tasks();
    Predicate<Task> live = t -> "RUNNING".equals(t.desiredStatus())
        && ("PENDING".equals(t.lastStatus()) || "RUNNING".equals(t.lastStatus()));
    Instant healthySince = CLOCK.instant().minus(Duration.ofSeconds(40));
    long total = tasks.stream().filter(live).count();
    long healthy = tasks.stream().filter(live)
        .filter(t -> "RUNNING".equals(t.lastStatus()) && !t.startedAt().isAfter(healthySince)).count();
    assertTrue(total <= bounds.maxTotal(), "live tasks " + total + " above " + bounds.maxTotal());
    if (keepHealthy) {
      assertTrue(healthy >= bounds.minHealthy(), "healthy tasks " + healthy + " below " + bounds.minHealthy());
    }
  }

  private static Service describe(String cluster) {
    return berth.ecs.describeServices(b -> b.cluster(cluster).services("web")).services().get(0);
  }
}
