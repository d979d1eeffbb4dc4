package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.TaskStatus;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.RolloutState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Service tasks with container health checks: healthy only when HEALTHY, replaced when UNHEALTHY
 * past the service's healthCheckGracePeriodSeconds, and waited for by rolling deployments.
 */
class ContainerHealthTest {
  private static final String HEALTH_REASON = "Task failed container health checks";

  private static ServicePlan.TaskStop healthStop(String taskId) {
    return new ServicePlan.TaskStop(taskId, ServicePlan.SERVICE_SCHEDULER_INITIATED, HEALTH_REASON);
  }

  @Test
  void aCheckedTaskCountsHealthyOnlyWhenHealthyWhateverItsAge() {
    SimTask t = new Sim().instances(1, 4).replica(1, 100, 200).taskOn("d", "ci-1", Sim.T0.minusSeconds(600));
    t.healthStatus = "UNKNOWN";
    assertFalse(t.view().healthyAt(Sim.T0), "no 40-second rule for a task with health checks");
    t.healthStatus = "HEALTHY";
    assertTrue(t.view().healthyAt(Sim.T0));
    t.healthStatus = "UNHEALTHY";
    assertFalse(t.view().healthyAt(Sim.T0));
    assertTrue(t.view().failingHealthChecks());
  }

  @Test
  void anUnhealthyTaskIsStoppedWithEcsReasonAndReplacedInTheSamePass() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    List<SimTask> tasks = List.copyOf(sim.tasks.values());
    tasks.forEach(t -> t.healthStatus = "HEALTHY");
    assertTrue(sim.plan().stops().isEmpty());
    SimTask sick = tasks.get(0);
    sick.healthStatus = "UNHEALTHY";
    ServicePlan plan = sim.plan();
    assertEquals(List.of(healthStop(sick.id)), plan.stops());
    assertEquals(1, plan.launches().stream().mapToInt(ServicePlan.TaskLaunch::count).sum(), "a replacement");
  }

  // ---- healthCheckGracePeriodSeconds ----

  @Test
  void withinTheGracePeriodAnUnhealthyTaskStaysAndCountsButIsNotHealthy() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).grace(120);
    SimTask settled = sim.taskOn(sim.primary().id(), "ci-1", Sim.T0.minusSeconds(3600));
    settled.healthStatus = "HEALTHY";
    SimTask young = sim.taskOn(sim.primary().id(), "ci-2", Sim.T0.minusSeconds(60));
    young.healthStatus = "UNHEALTHY";
    ServicePlan plan = sim.plan();
    assertEquals(List.of(), plan.stops(), "60 s into a 120 s grace period");
    assertEquals(0, plan.launchCount(), "the task still counts toward desiredCount");
    assertFalse(plan.steadyState(), "but it is not healthy");
  }

  @Test
  void theGracePeriodEndsAtStartedAtPlusTheGraceAndThenTheTaskIsReplaced() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200).grace(120);
    SimTask t = sim.taskOn(sim.primary().id(), "ci-1", Sim.T0.minusSeconds(119));
    t.healthStatus = "UNHEALTHY";
    assertEquals(List.of(), sim.plan().stops());
    sim.now = Sim.T0.plusSeconds(1); // exactly 120 s after it started
    ServicePlan plan = sim.plan();
    assertEquals(List.of(healthStop(t.id)), plan.stops());
    assertEquals(1, plan.launchCount());
  }

  @Test
  void aZeroGracePeriodReplacesAtOnceAndTheGraceDoesNotApplyWithoutAStartTime() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200);
    SimTask t = sim.taskOn(sim.primary().id(), "ci-1", Sim.T0);
    t.healthStatus = "UNHEALTHY";
    assertEquals(List.of(healthStop(t.id)), sim.plan().stops(), "no grace by default");
    assertFalse(t.view().inGracePeriod(Sim.T0, Duration.ofSeconds(0)));
    t.startedAt = null;
    assertFalse(t.view().inGracePeriod(Sim.T0, Duration.ofSeconds(600)));
  }

  @Test
  void overTheDesiredCountATaskInItsGracePeriodMayStillBeScaledIn() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).grace(300);
    SimTask healthy = sim.taskOn(sim.primary().id(), "ci-1", Sim.T0.minusSeconds(3600));
    healthy.healthStatus = "HEALTHY";
    SimTask young = sim.taskOn(sim.primary().id(), "ci-2", Sim.T0.minusSeconds(30));
    young.healthStatus = "UNHEALTHY";
    sim.scale(1);
    ServicePlan plan = sim.plan();
    assertEquals(List.of(young.id), plan.stoppedTaskIds(), "the unhealthy one goes first");
    assertEquals("Scaling activity initiated by (deployment " + sim.primary().id() + ")",
        plan.stops().get(0).reason(), "a scale-in, not a health failure");
  }

  @Test
  void aTaskThatTurnsUnhealthyDuringItsGraceIsReplacedWhenTheGraceEnds() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).grace(100).checked(1, "UNHEALTHY");
    List<ServicePlan> plans = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      plans.add(sim.step());
    }
    // launched at T0 (step 0), RUNNING at 45 s, UNHEALTHY from 90 s; grace ends at 145 s: the
    // plan at 135 s (step 3) keeps them, the one at 180 s (step 4) replaces them.
    assertEquals(2, plans.get(0).launchCount());
    for (int i = 1; i <= 3; i++) {
      assertEquals(List.of(), plans.get(i).stops(), "step " + i);
      assertEquals(0, plans.get(i).launchCount(), "step " + i);
    }
    assertEquals(2, plans.get(4).stops().size());
    plans.get(4).stops().forEach(s -> assertEquals(HEALTH_REASON, s.reason()));
    assertEquals(2, plans.get(4).launchCount());
  }

  // ---- rolling deployments wait for health ----

  @Test
  void aRollingUpdateDoesNotStopOldTasksWhileTheNewOnesAreRunningButNotHealthy() {
    Sim sim = new Sim().instances(4, 4).replica(4, 100, 200).running(4).checked(2, "UNKNOWN");
    String old = sim.primary().id();
    String next = sim.deploy(2).id();
    assertEquals(4, sim.step().launchCount());
    for (int i = 0; i < 6; i++) { // well past 40 s of RUNNING
      ServicePlan plan = sim.step();
      assertEquals(List.of(), plan.stops(), "step " + i + ": " + sim.describe());
      assertEquals(0, plan.launchCount());
    }
    assertEquals(4, sim.live(next).size());
    assertTrue(sim.live(next).stream().allMatch(t -> t.lastStatus == TaskStatus.RUNNING));
    assertEquals(4, sim.live(old).size(), "the new tasks are RUNNING but UNKNOWN: the old ones stay");

    sim.live(next).get(0).healthStatus = "HEALTHY";
    sim.live(next).get(1).healthStatus = "HEALTHY";
    ServicePlan two = sim.step();
    assertEquals(2, two.stops().size(), "one old task per healthy new one");
    assertTrue(two.stoppedTaskIds().stream().allMatch(id -> sim.tasks.get(id).deploymentId.equals(old)));

    sim.live(next).forEach(t -> t.healthStatus = "HEALTHY");
    sim.runUntilSteady(10);
    assertEquals(RolloutState.COMPLETED, sim.deployment(next).rolloutState());
    assertEquals(4, sim.bounds.fewestHealthy);
  }

  @Test
  void anUnhealthyNewTaskInItsGracePeriodDoesNotCountTowardMinimumHealthy() {
    Sim sim = new Sim().instances(4, 4).replica(2, 100, 200).running(2).grace(3600).checked(2, "UNHEALTHY");
    String old = sim.primary().id();
    String next = sim.deploy(2).id();
    for (int i = 0; i < 6; i++) {
      assertEquals(List.of(), sim.step().stops(), "step " + i);
    }
    assertEquals(2, sim.live(old).size());
    assertTrue(sim.live(next).stream().allMatch(t -> "UNHEALTHY".equals(t.healthStatus)));
  }

  // ---- DAEMON services ----

  @Test
  void aDaemonTaskThatFailsItsHealthChecksIsStoppedAndReplacedOnItsInstance() {
    Sim sim = new Sim().instances(3, 4).daemon().grace(60);
    sim.scale(3);
    for (String ci : List.of("ci-1", "ci-2", "ci-3")) {
      sim.taskOn(sim.primary().id(), ci, Sim.T0.minusSeconds(3600)).healthStatus = "HEALTHY";
    }
    SimTask sick = sim.liveTasks().filter(t -> t.instanceId.equals("ci-2")).findFirst().orElseThrow();
    sick.healthStatus = "UNHEALTHY";
    ServicePlan stop = sim.step();
    assertEquals(List.of(healthStop(sick.id)), stop.stops());
    assertEquals(0, stop.launchCount(), "the instance is free only once the task has stopped");
    ServicePlan start = sim.step();
    assertEquals(List.of("ci-2"), start.launches().get(0).containerInstanceIds());
  }

  @Test
  void aDaemonTaskInItsGracePeriodIsKept() {
    Sim sim = new Sim().instances(1, 4).daemon().grace(60);
    sim.scale(1);
    sim.taskOn(sim.primary().id(), "ci-1", Sim.T0.minusSeconds(30)).healthStatus = "UNHEALTHY";
    ServicePlan plan = sim.plan();
    assertEquals(List.of(), plan.stops());
    assertEquals(0, plan.launchCount());
    assertFalse(plan.steadyState());
  }

  @Test
  void aDaemonDeploymentWaitsForTheNewTasksToBeHealthyBeforeStoppingMoreOldOnes() {
    Sim sim = new Sim().instances(4, 4).daemon().configure(new DeploymentConfiguration(100, 50, null))
        .checked(2, "UNKNOWN");
    sim.scale(4);
    for (String ci : List.of("ci-1", "ci-2", "ci-3", "ci-4")) {
      sim.taskOn(sim.primary().id(), ci, Sim.T0.minusSeconds(3600));
    }
    String old = sim.primary().id();
    String next = sim.deploy(2).id();
    assertEquals(2, sim.step().stops().size(), "min 50% of 4: two old tasks may go at once");
    for (int i = 0; i < 6; i++) {
      assertEquals(List.of(), sim.step().stops(), "step " + i + ": " + sim.describe());
    }
    assertEquals(2, sim.live(next).size());
    assertEquals(2, sim.live(old).size(), "the new daemons are RUNNING but UNKNOWN");
    sim.live(next).forEach(t -> t.healthStatus = "HEALTHY");
    assertEquals(2, sim.step().stops().size());
  }
}
