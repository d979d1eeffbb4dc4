package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.ContainerInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainingInstanceTest {
  private static final Instant LONG_AGO = Sim.T0.minus(Duration.ofHours(1));

  @Test
  void pendingTasksStopAtOnceAndRunningOnesAreReplacedFirstThenStoppedWithinTheBounds() {
    Sim sim = new Sim().instances(3, 4).replica(4, 100, 200);
    String d = sim.primary().id();
    SimTask r1 = sim.taskOn(d, "ci-1", LONG_AGO);
    SimTask p1 = sim.taskOn(d, "ci-1", null);
    sim.taskOn(d, "ci-2", LONG_AGO);
    sim.taskOn(d, "ci-2", LONG_AGO);
    sim.drain("ci-1");

    ServicePlan first = sim.step();
    assertEquals(List.of(p1.id), first.stoppedTaskIds());
    assertEquals(2, first.launchCount()); // total 3 after the pending stop, two keepers short of 4
    ServicePlan second = sim.step();
    assertEquals(List.of(), second.stops(), "the replacements are not healthy yet");
    ServicePlan third = sim.step();
    assertEquals(List.of(r1.id), third.stoppedTaskIds());
    sim.runUntilSteady(5);
    assertEquals(List.of(), sim.present(t -> t.instanceId.equals("ci-1")));
    assertEquals(4, sim.live(d).size());
    assertEquals(4, sim.bounds.fewestHealthy);
  }

  @Test
  void atHundredHundredADrainCanNeverProgressAndIsNoDeploymentDeadlock() {
    Sim sim = new Sim().instances(3, 4).replica(2, 100, 100);
    String d = sim.primary().id();
    SimTask onDraining = sim.taskOn(d, "ci-1", LONG_AGO);
    sim.taskOn(d, "ci-2", LONG_AGO);
    sim.drain("ci-1");
    for (int i = 0; i < 4; i++) {
      ServicePlan plan = sim.step();
      assertEquals(0, plan.launchCount());
      assertEquals(List.of(), plan.stops());
      assertTrue(plan.deadlocked());
      assertTrue(plan.events().isEmpty());
      assertFalse(plan.steadyState());
    }
    assertTrue(onDraining.view().live());
  }

  @Test
  void atFiftyHundredTheDrainingTasksStopFirstAndTheirReplacementsFollow() {
    Sim sim = new Sim().instances(3, 4).replica(4, 50, 100);
    String d = sim.primary().id();
    sim.taskOn(d, "ci-1", LONG_AGO);
    sim.taskOn(d, "ci-1", LONG_AGO);
    sim.taskOn(d, "ci-2", LONG_AGO);
    sim.taskOn(d, "ci-3", LONG_AGO);
    sim.drain("ci-1");
    ServicePlan first = sim.step();
    assertEquals(2, first.stops().size());
    assertEquals(0, first.launchCount());
    ServicePlan second = sim.step();
    assertEquals(2, second.launchCount());
    sim.runUntilSteady(5);
    assertEquals(List.of(), sim.present(t -> t.instanceId.equals("ci-1")));
    assertEquals(2, sim.bounds.fewestHealthy);
  }

  @Test
  void pendingTasksOnADrainingInstanceStopEvenWhenNothingElseMay() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 100);
    String d = sim.primary().id();
    SimTask pending = sim.taskOn(d, "ci-1", null);
    sim.taskOn(d, "ci-2", LONG_AGO);
    sim.drain("ci-1");
    ServicePlan plan = sim.plan();
    assertEquals(List.of(pending.id), plan.stoppedTaskIds());
    assertEquals(1, plan.launchCount());
  }

  @Test
  void tasksOnADeregisteredOrVanishedInstanceAreReplacedLikeDrainingOnes() {
    Sim sim = new Sim().instances(3, 4).replica(2, 100, 200);
    String d = sim.primary().id();
    SimTask gone = sim.taskOn(d, "ci-1", LONG_AGO);
    SimTask vanished = sim.taskOn(d, "ci-2", LONG_AGO);
    sim.setStatus("ci-1", ContainerInstance.INACTIVE);
    sim.instances.remove("ci-2");
    ServicePlan plan = sim.plan();
    assertEquals(2, plan.launchCount());
    assertEquals(List.of(), plan.stops());
    sim.runUntilSteady(5);
    assertFalse(gone.view().live());
    assertFalse(vanished.view().live());
  }

  @Test
  void standaloneTasksOnTheDrainingInstanceAreNotTheServicesConcern() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200);
    sim.taskOn(sim.primary().id(), "ci-2", LONG_AGO);
    sim.reserveOther("ci-1", "batch-1", "family:batch");
    sim.drain("ci-1");
    ServicePlan plan = sim.plan();
    assertEquals(List.of(), plan.stops());
    assertEquals(0, plan.launchCount());
    assertTrue(plan.steadyState());
  }
}
