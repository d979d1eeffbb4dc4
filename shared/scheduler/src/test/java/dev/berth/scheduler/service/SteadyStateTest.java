package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.service.RolloutState;
import dev.berth.model.service.ServiceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyStateTest {
  private static final String STEADY = "(service web) has reached a steady state.";

  private static long steadyEvents(Sim sim) {
    return sim.messages().stream().filter(STEADY::equals).count();
  }

  @Test
  void theSteadyStateEventIsNotRepeatedWithinSixHours() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    ServicePlan first = sim.step();
    assertTrue(first.steadyState());
    assertEquals(List.of(STEADY), first.events().stream().map(ServiceEvent::message).toList());
    for (int i = 0; i < 10; i++) {
      ServicePlan again = sim.step();
      assertTrue(again.steadyState());
      assertTrue(again.events().isEmpty());
    }
    assertEquals(1, steadyEvents(sim));
  }

  @Test
  void afterSixHoursTheSteadyStateEventComesAgain() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    Instant first = sim.now;
    sim.step();
    sim.now = first.plus(Duration.ofHours(6)).minusSeconds(1);
    assertTrue(sim.plan().events().isEmpty());
    sim.now = first.plus(Duration.ofHours(6));
    ServicePlan plan = sim.plan();
    assertEquals(List.of(STEADY), plan.events().stream().map(ServiceEvent::message).toList());
    assertEquals(sim.now, plan.events().get(0).createdAt());
  }

  @Test
  void onceTheCauseChangesTheSteadyStateIsAnnouncedAgain() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    sim.step();
    sim.scale(3);
    sim.runUntilSteady(5);
    assertEquals(2, steadyEvents(sim));
    assertEquals(STEADY, sim.messages().get(0));
    assertTrue(sim.messages().get(1).startsWith("(service web) has started 1 tasks: (task "));
  }

  @Test
  void aServiceIsNotSteadyWhileATaskHasRunForLessThanFortySeconds() {
    Sim sim = new Sim().instances(1, 4).replica(1, 100, 200);
    assertFalse(sim.step().steadyState()); // launches
    assertFalse(sim.step().steadyState()); // RUNNING for 0 s
    assertTrue(sim.step().steadyState());  // RUNNING for 45 s
  }

  @Test
  void theHealthyDelayIsFortySecondsAfterReachingRunning() {
    Sim sim = new Sim().instances(1, 4).replica(1, 100, 200);
    SimTask t = sim.taskOn(sim.primary().id(), "ci-1", Sim.T0.minusSeconds(39));
    assertFalse(t.view().healthyAt(Sim.T0));
    assertFalse(sim.plan().steadyState());
    assertTrue(t.view().healthyAt(Sim.T0.plusSeconds(1)));
    assertEquals(Duration.ofSeconds(40), ServiceTask.HEALTHY_AFTER_RUNNING);
  }

  @Test
  void aDeploymentIsCompletedOnceAndTheCompletionEventIsNotRepeated() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    String next = sim.deploy(2).id();
    sim.runUntilSteady(10);
    for (int i = 0; i < 3; i++) {
      sim.step();
    }
    assertEquals(RolloutState.COMPLETED, sim.deployment(next).rolloutState());
    assertEquals(1, sim.messages().stream().filter(m -> m.endsWith("deployment completed.")).count());
  }

  @Test
  void theServiceKeepsOnlyItsNewestHundredEvents() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    List<ServiceEvent> old = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      old.add(new ServiceEvent("old-" + i, Sim.T0.minusSeconds(1000 - i), "(service web) old event " + i + "."));
    }
    sim.service = sim.service.withEventsAdded(old);
    ServicePlan plan = sim.plan();
    assertEquals(100, plan.service().events().size());
    assertEquals(STEADY, plan.service().events().get(0).message());
    assertEquals("old-0", plan.service().events().get(1).id());
    assertEquals("old-98", plan.service().events().get(99).id());
  }

  @Test
  void newEventIdsAreUuids() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    String id = sim.plan().events().get(0).id();
    assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
  }
}
