package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.TaskStatus;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.RolloutState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollingUpdateTest {

  /** Ten tasks of web:1 on ten 4-slot instances, and an update to web:2 just made. */
  private static Sim tenTasks(int minPercent, int maxPercent) {
    Sim sim = new Sim().instances(10, 4).replica(10, minPercent, maxPercent).running(10);
    sim.deploy(2);
    return sim;
  }

  @ParameterizedTest(name = "min {0}% max {1}%")
  @CsvSource({"50, 200", "100, 200", "0, 100"})
  void aRollingUpdateOfTenTasksStaysWithinItsBoundsAtEveryStepAndEndsSteady(int min, int max) {
    Sim sim = tenTasks(min, max);
    Deployment old = sim.deployments.values().iterator().next();
    Deployment next = sim.primary();

    ServicePlan last = sim.runUntilSteady(20);

    assertEquals(10, sim.live(next.id()).size());
    assertTrue(sim.live(next.id()).stream().allMatch(t -> t.lastStatus == TaskStatus.RUNNING));
    assertEquals(List.of(), sim.present(t -> !t.deploymentId.equals(next.id())));
    assertEquals(DeploymentStatus.INACTIVE, sim.deployment(old.id()).status());
    assertEquals(RolloutState.COMPLETED, sim.deployment(next.id()).rolloutState());
    assertEquals("ECS deployment " + next.id() + " completed.", sim.deployment(next.id()).rolloutStateReason());
    assertEquals(List.of("(service web) has reached a steady state.",
        "(service web) (deployment " + next.id() + ") deployment completed."), sim.messages().subList(0, 2));
    assertTrue(last.steadyState());
  }

  @Test
  void fiftyTwoHundredStartsTenAndStopsFiveAtOnceThenOneOldPerHealthyNew() {
    Sim sim = tenTasks(50, 200);
    ServicePlan first = sim.step();
    assertEquals(10, first.launchCount());
    assertEquals(5, first.stops().size());
    sim.runUntilSteady(20);
    assertEquals(15, sim.bounds.peakTotal);
    assertEquals(5, sim.bounds.fewestHealthy);
  }

  @Test
  void hundredTwoHundredStopsNothingUntilTheNewTasksAreHealthyAndPeaksAtTwenty() {
    Sim sim = tenTasks(100, 200);
    String next = sim.primary().id();
    ServicePlan first = sim.step();
    assertEquals(10, first.launchCount());
    assertEquals(List.of(), first.stops());
    ServicePlan second = sim.step(); // the new tasks are RUNNING but not yet 40 s
    assertEquals(0, second.launchCount());
    assertEquals(List.of(), second.stops());
    assertFalse(second.deadlocked());
    ServicePlan third = sim.step(); // now healthy: one old task per healthy new one
    assertEquals(10, third.stops().size());
    assertTrue(third.stoppedTaskIds().stream().noneMatch(id -> sim.tasks.get(id).deploymentId.equals(next)));
    sim.runUntilSteady(10);
    assertEquals(20, sim.bounds.peakTotal);
    assertEquals(10, sim.bounds.fewestHealthy);
  }

  @Test
  void zeroHundredStopsAllTenOldTasksBeforeStartingAnyNewOne() {
    Sim sim = tenTasks(0, 100);
    ServicePlan first = sim.step();
    assertEquals(0, first.launchCount());
    assertEquals(10, first.stops().size());
    ServicePlan second = sim.step();
    assertEquals(10, second.launchCount());
    assertEquals(List.of(), second.stops());
    sim.runUntilSteady(10);
    assertEquals(10, sim.bounds.peakTotal);
  }

  @ParameterizedTest(name = "{0} extra slots")
  @CsvSource({"1", "3", "4"})
  void withRoomForOnlyKExtraTasksTheUpdateProceedsInBatchesOfK(int k) {
    // Ten full one-slot instances plus k free slots: the update can only add k tasks at a time.
    Sim sim = new Sim().instances(10, 1).replica(10, 100, 200).running(10);
    for (int i = 0; i < k; i++) {
      sim.addInstance("spare-" + i, Sim.ZONES.get(i % 3), 1, java.util.Map.of());
    }
    String next = sim.deploy(2).id();
    int steps = 0;
    while (!sim.step().steadyState()) {
      assertTrue(sim.live(next).size() <= 10);
      assertTrue(sim.bounds.peakTotal <= 10 + k, "only " + k + " extra fit");
      assertTrue(++steps < 60, "no progress: " + sim.describe());
    }
    assertEquals(10, sim.live(next).size());
    assertTrue(sim.placedPerStep.stream().allMatch(n -> n <= k), "batches of at most k: " + sim.placedPerStep);
    int batches = (int) sim.placedPerStep.stream().filter(n -> n > 0).count();
    assertEquals((10 + k - 1) / k, batches, "batches: " + sim.placedPerStep);
    assertEquals(10, sim.bounds.fewestHealthy);
  }

  @Test
  void stopsNameTheDeploymentOfTheTaskStoppedWithTheSchedulersStopCode() {
    Sim sim = tenTasks(50, 200);
    String old = sim.deployments.keySet().iterator().next();
    ServicePlan first = sim.step();
    for (ServicePlan.TaskStop stop : first.stops()) {
      assertEquals("ServiceSchedulerInitiated", stop.stopCode());
      assertEquals("Scaling activity initiated by (deployment " + old + ")", stop.reason());
    }
    assertTrue(first.events().stream().anyMatch(e -> e.message().startsWith("(service web) has stopped 5 running tasks: (task ")));
  }

  @Test
  void oldPendingTasksStopFirstAndDoNotSpendTheHealthyBudget() {
    // 100/200, D=4: two old tasks healthy, two still PENDING; a new revision arrives.
    Sim sim = new Sim().instances(4, 4).replica(4, 100, 200).running(2);
    String old = sim.primary().id();
    SimTask p1 = sim.taskOn(old, "ci-3", null);
    SimTask p2 = sim.taskOn(old, "ci-4", null);
    sim.deploy(2);
    ServicePlan plan = sim.plan();
    assertEquals(List.of(p1.id, p2.id), plan.stoppedTaskIds().stream().sorted().toList());
    assertEquals(4, plan.launchCount()); // total 4 (the two pending still count), maxTotal 8
  }

  @Test
  void olderDeploymentsKeepShrinkingDesiredCountsAndReportTheirTasks() {
    Sim sim = tenTasks(50, 200);
    String old = sim.deployments.keySet().iterator().next();
    String next = sim.primary().id();
    ServicePlan first = sim.step();
    Deployment oldAfter = first.deployment(old).orElseThrow();
    assertEquals(5, oldAfter.desiredCount());
    assertEquals(10, oldAfter.runningCount()); // the five told to stop are still running
    assertEquals(DeploymentStatus.ACTIVE, oldAfter.status());
    ServicePlan second = sim.step();
    Deployment nextAfter = second.deployment(next).orElseThrow();
    assertEquals(10, nextAfter.runningCount());
    assertEquals(0, nextAfter.pendingCount());
    assertEquals(RolloutState.IN_PROGRESS, nextAfter.rolloutState());
    assertEquals(sim.now.minus(Sim.STEP), nextAfter.updatedAt());
  }

  @Test
  void aSecondUpdateMidRolloutReplacesBothEarlierRevisions() {
    Sim sim = tenTasks(100, 200);
    String middle = sim.primary().id();
    sim.step(); // ten web:2 tasks pending
    String last = sim.deploy(3).id();
    ServicePlan plan = sim.step();
    assertTrue(sim.live(middle).isEmpty(), "the web:2 tasks are not healthy, so they go at once");
    assertEquals(10, plan.stops().size());
    sim.runUntilSteady(20);
    assertEquals(10, sim.live(last).size());
    assertEquals(DeploymentStatus.INACTIVE, sim.deployment(middle).status());
    assertEquals(10, sim.bounds.fewestHealthy);
  }

  @Test
  void thePlanListsThePrimaryDeploymentFirst() {
    Sim sim = tenTasks(50, 200);
    ServicePlan plan = sim.plan();
    assertEquals(sim.primary().id(), plan.deployments().get(0).id());
    assertEquals(sim.primary().id(), plan.primary().id());
    assertEquals(2, plan.launches().get(0).taskDefinition().revision());
  }
}
