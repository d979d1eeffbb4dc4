package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.TaskStatus;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.ServiceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CircuitBreakerTest {

  @ParameterizedTest(name = "D={0} -> {1}")
  @CsvSource({"0, 3", "1, 3", "5, 3", "6, 3", "7, 4", "10, 5", "25, 13", "399, 200", "400, 200", "1000, 200"})
  void theThresholdIsHalfTheDesiredCountBetweenThreeAndTwoHundred(int desired, int threshold) {
    assertEquals(threshold, CircuitBreaker.threshold(desired));
  }

  /** Steps until the breaker trips; returns that plan. */
  private static ServicePlan untilTripped(Sim sim, int maxSteps) {
    for (int i = 0; i < maxSteps; i++) {
      ServicePlan plan = sim.step();
      if (plan.circuitBreakerTripped()) {
        return plan;
      }
    }
    throw new AssertionError("the breaker never tripped: " + sim.describe());
  }

  @Test
  void withOneDesiredTaskTheRolloutFailsAtTheThirdFailedTaskAndLaunchesNothingMore() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200).running(1).breaker(false);
    String failing = sim.deploy(2).id();
    sim.failingRevisions.add(2);
    ServicePlan tripped = untilTripped(sim, 40);
    Deployment d = tripped.deployment(failing).orElseThrow();
    assertEquals(3, d.failedTasks());
    assertEquals(RolloutState.FAILED, d.rolloutState());
    assertEquals("ECS deployment circuit breaker: task failed to start.", d.rolloutStateReason());
    assertEquals(DeploymentStatus.PRIMARY, d.status());
    assertEquals(0, tripped.launchCount());
    assertNull(tripped.rollback());
    assertTrue(tripped.events().stream().map(ServiceEvent::message)
        .anyMatch(("(service web) (deployment " + failing + ") deployment failed: tasks failed to start.")::equals));
    for (int i = 0; i < 10; i++) {
      ServicePlan later = sim.step();
      assertEquals(0, later.launchCount());
      assertFalse(later.circuitBreakerTripped());
    }
    assertEquals(1, sim.live(sim.deployments.keySet().iterator().next()).size(), "the old task keeps running");
  }

  @Test
  void withTenDesiredTasksFourFailuresAreToleratedAndTheFifthTrips() {
    Sim sim = new Sim().instances(2, 8).replica(10, 100, 200).running(10).breaker(false);
    String d = sim.deploy(2).id();
    for (int i = 0; i < 4; i++) {
      sim.failedTask(d, "ci-1", Sim.T0.plusSeconds(i));
    }
    ServicePlan four = sim.plan();
    assertFalse(four.circuitBreakerTripped());
    assertEquals(4, four.primary().failedTasks());
    sim.apply(four);
    sim.failedTask(d, "ci-2", Sim.T0.plusSeconds(10));
    ServicePlan five = sim.plan();
    assertTrue(five.circuitBreakerTripped());
    assertEquals(5, five.primary().failedTasks());
  }

  @Test
  void withAThousandDesiredTasksTheThresholdIsTwoHundred() {
    Sim sim = new Sim().instances(1, 4).replica(1000, 100, 200).breaker(false);
    String d = sim.deploy(2).id();
    sim.put(sim.deployment(d).withFailedTasks(199));
    ServicePlan below = sim.plan();
    assertFalse(below.circuitBreakerTripped());
    assertEquals(1000, below.launchCount());
    sim.failedTask(d, "ci-1", Sim.T0);
    ServicePlan at = sim.plan();
    assertTrue(at.circuitBreakerTripped());
    assertEquals(200, at.primary().failedTasks());
    assertEquals(0, at.launchCount());
  }

  @Test
  void withRollbackANewPrimaryReturnsToTheLastCompletedTaskDefinition() {
    Sim sim = new Sim().instances(3, 4).replica(4, 100, 200).running(4).breaker(true);
    String good = sim.primary().id();
    String failing = sim.deploy(2).id();
    sim.failingRevisions.add(2);
    ServicePlan tripped = untilTripped(sim, 20);

    ServicePlan.Rollback rollback = tripped.rollback();
    assertNotNull(rollback);
    assertEquals(failing, rollback.failedDeploymentId());
    assertEquals(good, rollback.toDeploymentId());
    Deployment back = rollback.deployment();
    assertTrue(Deployment.isId(back.id()));
    assertEquals(Sim.td(1), back.taskDefinition());
    assertEquals(DeploymentStatus.PRIMARY, back.status());
    assertEquals(RolloutState.IN_PROGRESS, back.rolloutState());
    assertEquals("ECS deployment circuit breaker: rolling back to deploymentId " + good + ".",
        back.rolloutStateReason());
    assertEquals(back, tripped.primary());
    Deployment failed = tripped.deployment(failing).orElseThrow();
    assertEquals(DeploymentStatus.ACTIVE, failed.status());
    assertEquals(RolloutState.FAILED, failed.rolloutState());
    assertEquals(Sim.td(1), tripped.service().taskDefinition());
    assertEquals(List.of("(service web) rolling back to deployment " + good + ".",
        "(service web) (deployment " + failing + ") deployment failed: tasks failed to start."),
        tripped.events().stream().map(ServiceEvent::message).toList().subList(0, 2));
    tripped.launches().forEach(l -> assertEquals(back.id(), l.deploymentId()));

    sim.runUntilSteady(20);
    assertEquals(4, sim.live(back.id()).size());
    assertEquals(DeploymentStatus.INACTIVE, sim.deployment(failing).status());
    assertEquals(DeploymentStatus.INACTIVE, sim.deployment(good).status());
    assertEquals(RolloutState.COMPLETED, sim.deployment(back.id()).rolloutState());
    assertEquals(4, sim.bounds.fewestHealthy);
  }

  @Test
  void aRollbackThatFailsTooDoesNotRollBackAgain() {
    Sim sim = new Sim().instances(3, 4).replica(2, 100, 200).running(2).breaker(true);
    sim.deploy(2);
    sim.failingRevisions.add(2);
    sim.failingRevisions.add(1); // the two running web:1 tasks are fine; new ones would fail too
    String back = untilTripped(sim, 20).rollback().deployment().id();
    ServicePlan second = untilTripped(sim, 40);
    assertNull(second.rollback());
    assertEquals(RolloutState.FAILED, second.deployment(back).orElseThrow().rolloutState());
    assertEquals(DeploymentStatus.PRIMARY, second.deployment(back).orElseThrow().status());
  }

  @Test
  void withoutACompletedDeploymentThereIsNothingToRollBackTo() {
    Sim sim = new Sim().instances(1, 4).replica(1, 100, 200).breaker(true);
    String only = sim.primary().id();
    sim.put(sim.primary().withRollout(RolloutState.IN_PROGRESS, "ECS deployment " + only + " in progress."));
    sim.failingRevisions.add(1);
    ServicePlan tripped = untilTripped(sim, 40);
    assertNull(tripped.rollback());
    assertEquals(RolloutState.FAILED, tripped.primary().rolloutState());
  }

  @Test
  void aDisabledBreakerCountsFailuresButNeverFailsTheRollout() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200).running(1);
    String d = sim.deploy(2).id();
    sim.failingRevisions.add(2);
    for (int i = 0; i < 60; i++) {
      assertFalse(sim.step().circuitBreakerTripped());
    }
    assertTrue(sim.deployment(d).failedTasks() > 3);
    assertEquals(RolloutState.IN_PROGRESS, sim.deployment(d).rolloutState());
  }

  @Test
  void aTaskThatReachesRunningResetsTheFailedTaskCount() {
    Sim sim = new Sim().instances(2, 4).replica(4, 100, 200).running(4).breaker(false);
    String d = sim.deploy(2).id();
    sim.failedTask(d, "ci-1", Sim.T0.minusSeconds(20));
    sim.failedTask(d, "ci-1", Sim.T0.minusSeconds(10));
    sim.taskOn(d, "ci-2", Sim.T0.minusSeconds(5));
    ServicePlan plan = sim.plan();
    assertEquals(0, plan.primary().failedTasks());
    assertFalse(plan.circuitBreakerTripped());
  }

  @Test
  void aCompletedDeploymentIsNotFailedByLaterFailures() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200).breaker(true);
    String d = sim.primary().id();
    for (int i = 0; i < 5; i++) {
      sim.failedTask(d, "ci-1", Sim.T0.minusSeconds(10 - i));
    }
    ServicePlan plan = sim.plan();
    assertEquals(5, plan.primary().failedTasks());
    assertEquals(RolloutState.COMPLETED, plan.primary().rolloutState());
    assertFalse(plan.circuitBreakerTripped());
    assertTrue(sim.tasks.values().stream().allMatch(t -> t.lastStatus == TaskStatus.STOPPED));
  }

  // ---- stage 2: tasks stopped for failed container health checks ----

  private static final String HEALTH_REASON = "Task failed container health checks";

  private static List<SimTask> stoppedForHealth(Sim sim, String deploymentId) {
    return sim.tasks.values().stream()
        .filter(t -> t.deploymentId.equals(deploymentId) && HEALTH_REASON.equals(t.stoppedReason))
        .toList();
  }

  @Test
  void tasksThatStartButFailTheirHealthChecksTripTheBreakerAtTheThreshold() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200).running(1).breaker(false).checked(2, "UNHEALTHY");
    String old = sim.primary().id();
    String failing = sim.deploy(2).id();
    ServicePlan tripped = untilTripped(sim, 40);
    Deployment d = tripped.deployment(failing).orElseThrow();
    assertEquals(3, d.failedTasks());
    assertEquals(RolloutState.FAILED, d.rolloutState());
    assertEquals(CircuitBreaker.FAILED_REASON, d.rolloutStateReason());
    assertEquals(3, stoppedForHealth(sim, failing).size(), "each counted failure is a health stop");
    assertTrue(sim.tasks.values().stream().filter(t -> t.deploymentId.equals(failing))
        .allMatch(t -> t.startedAt != null), "every one of them reached RUNNING: stage 2, not stage 1");
    assertEquals(0, tripped.launchCount());
    assertEquals(1, sim.live(old).size(), "the old task keeps running");
  }

  @Test
  void healthFailuresRollBackToTheLastCompletedTaskDefinition() {
    Sim sim = new Sim().instances(3, 4).replica(2, 100, 200).running(2).breaker(true).checked(2, "UNHEALTHY");
    String good = sim.primary().id();
    String failing = sim.deploy(2).id();
    ServicePlan tripped = untilTripped(sim, 40);
    assertEquals(failing, tripped.rollback().failedDeploymentId());
    assertEquals(good, tripped.rollback().toDeploymentId());
    sim.runUntilSteady(20);
    assertEquals(Sim.td(1), sim.service.taskDefinition());
    assertEquals(2, sim.live(sim.primary().id()).size());
    assertEquals(2, sim.bounds.fewestHealthy);
  }

  @Test
  void withTheBreakerOffEveryHealthStopIsCountedOnceAndNoneFeedsTheThrottle() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2).checked(2, "UNHEALTHY");
    String failing = sim.deploy(2).id();
    for (int i = 0; i < 30; i++) {
      long stopped = stoppedForHealth(sim, failing).stream().filter(t -> t.lastStatus == TaskStatus.STOPPED).count();
      ServicePlan plan = sim.step();
      assertEquals(stopped, plan.deployment(failing).orElseThrow().failedTasks(), "step " + i);
    }
    assertTrue(sim.deployment(failing).failedTasks() > 10);
    assertEquals(0, sim.service.throttle().consecutiveFailures(), "tasks that failed after RUNNING never throttle");
    assertTrue(sim.messages().stream().noneMatch(m -> m.contains("unable to consistently start")));
  }

  @Test
  void aCheckedTaskResetsTheCountWhenHealthyNotWhenItReachesRunning() {
    Sim sim = new Sim().instances(2, 4).replica(4, 100, 200).running(4).breaker(false);
    String d = sim.deploy(2).id();
    sim.failedTask(d, "ci-1", Sim.T0.minusSeconds(20));
    sim.failedTask(d, "ci-1", Sim.T0.minusSeconds(10));
    SimTask checked = sim.taskOn(d, "ci-2", Sim.T0.minusSeconds(5));
    checked.healthStatus = "UNKNOWN";
    ServicePlan running = sim.plan();
    assertEquals(2, running.primary().failedTasks(), "RUNNING but not yet HEALTHY");
    sim.apply(running);
    checked.healthStatus = "HEALTHY";
    assertEquals(0, sim.plan().primary().failedTasks());
  }

  @Test
  void noHealthFailureIsCountedDuringTheGracePeriod() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200).running(1).breaker(false).checked(2, "UNHEALTHY")
        .grace(300);
    String failing = sim.deploy(2).id();
    for (int i = 0; i < 7; i++) { // the task starts at 45 s; its grace ends at 345 s
      ServicePlan plan = sim.step();
      assertEquals(List.of(), plan.stops(), "step " + i);
      assertEquals(0, plan.primary().failedTasks());
    }
    ServicePlan tripped = untilTripped(sim, 60);
    assertEquals(3, tripped.deployment(failing).orElseThrow().failedTasks());
  }
}
