package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.service.RolloutState;
import dev.berth.model.service.ServiceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeadlockTest {
  private static final String MESSAGE = "(service web) was unable to stop or start tasks during a deployment because "
      + "of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try "
      + "again.";

  @ParameterizedTest(name = "D={0} min {1}% max {2}%")
  @CsvSource({"1, 100, 100", "2, 75, 100", "3, 100, 125"})
  void aConfigurationThatAllowsNeitherAStopNorAStartReportsTheDeadlockAndDoesNothing(int d, int min, int max) {
    Sim sim = new Sim().instances(3, 4).replica(d, min, max).running(d);
    sim.deploy(2);
    ServicePlan plan = sim.plan();
    assertTrue(plan.deadlocked());
    assertEquals(0, plan.launchCount());
    assertEquals(List.of(), plan.stops());
    assertEquals(List.of(MESSAGE), plan.events().stream().map(ServiceEvent::message).toList());
    assertEquals(RolloutState.IN_PROGRESS, plan.primary().rolloutState());
    assertFalse(plan.steadyState());
  }

  @Test
  void theDeadlockEventIsNotRepeatedOnEveryPass() {
    Sim sim = new Sim().instances(1, 4).replica(1, 100, 100).running(1);
    sim.deploy(2);
    for (int i = 0; i < 5; i++) {
      sim.step();
    }
    assertEquals(1, sim.messages().stream().filter(MESSAGE::equals).count());
    assertTrue(sim.plans.stream().allMatch(ServicePlan::deadlocked));
  }

  @Test
  void aNewServiceOfOneTaskAtHundredHundredStillStarts() {
    Sim sim = new Sim().instances(1, 4).replica(1, 100, 100);
    ServicePlan plan = sim.plan();
    assertEquals(1, plan.launchCount());
    assertFalse(plan.deadlocked());
    sim.runUntilSteady(5);
  }

  @Test
  void waitingForNewTasksToBecomeHealthyIsNoDeadlock() {
    Sim sim = new Sim().instances(4, 4).replica(2, 100, 100).running(2);
    sim.configure(new dev.berth.model.service.DeploymentConfiguration(150, 100, null));
    sim.deploy(2);
    ServicePlan first = sim.step(); // maxTotal 3: one new task
    assertEquals(1, first.launchCount());
    ServicePlan second = sim.step(); // it runs, but not for 40 s yet
    assertEquals(0, second.launchCount());
    assertEquals(List.of(), second.stops());
    assertFalse(second.deadlocked());
    assertTrue(second.events().isEmpty());
    sim.runUntilSteady(20);
    assertEquals(2, sim.bounds.fewestHealthy);
  }

  @Test
  void aFreeSlotAboveTheCeilingBreaksTheDeadlockOnceTheConfigurationChanges() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 100).running(1);
    String next = sim.deploy(2).id();
    assertTrue(sim.step().deadlocked());
    sim.configure(new dev.berth.model.service.DeploymentConfiguration(200, 100, null));
    ServicePlan plan = sim.step();
    assertFalse(plan.deadlocked());
    assertEquals(1, plan.launchCount());
    sim.runUntilSteady(10);
    assertEquals(1, sim.live(next).size());
  }
}
