package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.TaskStatus;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.RolloutState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rolling deployments to a revision with container health checks, over random service sizes,
 * deployment percentages, grace periods and health outcomes, each case reproducible from its seed.
 * Every pass: a task is stopped for failed health checks exactly when it is UNHEALTHY past the
 * grace period, and the simulation's bounds hold (healthy counting only HEALTHY tasks). In the
 * end the deployment completes with every task HEALTHY and every UNHEALTHY one replaced.
 */
class HealthPropertiesTest {
  private static final String HEALTH_REASON = "Task failed container health checks";
  private static final int[][] PERCENTS = {{50, 200}, {100, 200}, {0, 100}, {50, 150}, {100, 150}, {0, 200}};
  private static final int[] GRACES = {0, 45, 120, 400};

  static LongStream seeds() {
    return LongStream.range(0, 60);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void replicaRolloutsReplaceExactlyTheUnhealthyTasksPastTheirGraceAndEndHealthy(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int desired = 1 + r.nextInt(6);
    int[] percents = PERCENTS[r.nextInt(PERCENTS.length)];
    int max = deadlocks(desired, percents[0], percents[1]) ? 200 : percents[1];
    int grace = GRACES[r.nextInt(GRACES.length)];
    double unhealthy = 0.1 + 0.4 * r.nextDouble();
    SplittableRandom health = r.split();
    Sim sim = new Sim().instances(desired + 2, 4).replica(desired, percents[0], max).running(desired).grace(grace);
    sim.checkedRevisions.put(2, () -> health.nextDouble() < unhealthy ? "UNHEALTHY" : "HEALTHY");
    String where = "seed " + seed + ": D=" + desired + " " + percents[0] + "/" + max + " grace " + grace
        + " unhealthy " + unhealthy;
    runAndCheck(sim, where);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void daemonRolloutsReplaceExactlyTheUnhealthyTasksPastTheirGraceAndEndHealthy(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int hosts = 1 + r.nextInt(5);
    int chosen = new int[] {0, 50, 75}[r.nextInt(3)];
    int min = deadlocks(hosts, chosen, 100) ? 0 : chosen;
    int grace = GRACES[r.nextInt(GRACES.length)];
    double unhealthy = 0.1 + 0.4 * r.nextDouble();
    SplittableRandom health = r.split();
    Sim sim = new Sim().instances(hosts, 4).daemon().configure(new DeploymentConfiguration(100, min, null)).grace(grace);
    sim.scale(hosts);
    sim.instances.keySet().forEach(ci -> sim.taskOn(sim.primary().id(), ci, Sim.T0.minusSeconds(3600)));
    sim.checkedRevisions.put(2, () -> health.nextDouble() < unhealthy ? "UNHEALTHY" : "HEALTHY");
    String where = "seed " + seed + ": daemon on " + hosts + " min " + min + " grace " + grace
        + " unhealthy " + unhealthy;
    runAndCheck(sim, where);
  }

  /** ECS's deadlock: nothing can stop (min) and nothing can start (max). */
  private static boolean deadlocks(int desired, int min, int max) {
    RolloutBounds b = RolloutBounds.of(desired, new DeploymentConfiguration(max, min, null));
    return b.maxTotal() <= desired && b.minHealthy() >= desired;
  }

  private static void runAndCheck(Sim sim, String where) {
    String next = sim.deploy(2).id();
    Duration grace = Duration.ofSeconds(sim.service.healthCheckGracePeriodSeconds());
    ServicePlan plan = null;
    for (int i = 0; i < 200 && (plan == null || !plan.steadyState()); i++) {
      plan = sim.step();
      ServiceSnapshot seen = sim.planned;
      Set<String> forHealth = plan.stops().stream().filter(s -> HEALTH_REASON.equals(s.reason()))
          .map(ServicePlan.TaskStop::taskId).collect(Collectors.toSet());
      Set<String> due = seen.tasks().stream()
          .filter(t -> t.failingHealthChecks() && !t.inGracePeriod(seen.now(), grace))
          .map(ServiceTask::taskId).collect(Collectors.toSet());
      String at = where + ", pass at " + seen.now();
      assertEquals(due, forHealth, at);
      for (ServiceTask t : seen.tasks()) {
        if (forHealth.contains(t.taskId())) {
          assertTrue(!seen.now().isBefore(t.startedAt().plus(grace)), at + ": stopped within its grace: " + t);
        }
      }
    }
    assertTrue(plan.steadyState(), where + ": not steady: " + sim.describe());
    assertEquals(RolloutState.COMPLETED, sim.deployment(next).rolloutState(), where);
    List<SimTask> kept = sim.live(next);
    assertEquals(sim.service.desiredCount(), kept.size(), where);
    assertTrue(kept.stream().allMatch(t -> "HEALTHY".equals(t.healthStatus)), where);
    for (SimTask t : sim.tasks.values()) {
      if ("UNHEALTHY".equals(t.healthStatus)) {
        assertEquals(TaskStatus.STOPPED, t.lastStatus, where + ": " + t.id);
        assertEquals(HEALTH_REASON, t.stoppedReason, where + ": " + t.id);
      }
    }
  }
}
