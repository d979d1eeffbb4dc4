package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceThrottle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {
  private static final String UNABLE = "(service web) is unable to consistently start tasks successfully.";

  /** One healthy web:1 task and an update to web:2, whose tasks never start. */
  private static Sim failingUpdate() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200).running(1);
    sim.deploy(2);
    sim.failingRevisions.add(2);
    return sim;
  }

  @Test
  void theDelayStartsAtTheSecondFailureInARowDoublesAndStopsAtFifteenMinutes() {
    assertEquals(Duration.ZERO, StartThrottle.delayAfter(0));
    assertEquals(Duration.ZERO, StartThrottle.delayAfter(1));
    assertEquals(Duration.ofSeconds(10), StartThrottle.delayAfter(2));
    assertEquals(Duration.ofSeconds(20), StartThrottle.delayAfter(3));
    assertEquals(Duration.ofSeconds(640), StartThrottle.delayAfter(8));
    assertEquals(Duration.ofMinutes(15), StartThrottle.delayAfter(9));
    assertEquals(Duration.ofMinutes(15), StartThrottle.delayAfter(1_000_000));
  }

  @Test
  void aSingleFailureIsRetriedAtOnce() {
    Sim sim = failingUpdate();
    assertEquals(1, sim.step().launchCount());
    ServicePlan plan = sim.step(); // the first task failed to start
    assertEquals(1, plan.service().throttle().consecutiveFailures());
    assertEquals(1, plan.launchCount());
    assertFalse(plan.throttled());
    assertTrue(plan.events().isEmpty());
  }

  @Test
  void theSecondFailureInARowDelaysLaunchesAndSaysSo() {
    Sim sim = failingUpdate();
    sim.step();
    sim.step();
    ServicePlan plan = sim.step(); // second failure, reported at this very moment
    ServiceThrottle throttle = plan.service().throttle();
    assertEquals(2, throttle.consecutiveFailures());
    assertEquals(throttle.countedThrough().plusSeconds(10), throttle.nextStartAllowedAt());
    assertTrue(plan.throttled());
    assertEquals(0, plan.launchCount());
    assertEquals(List.of(UNABLE), plan.events().stream().map(ServiceEvent::message).toList());
    assertEquals(1, sim.step().launchCount(), "45 s later the 10 s delay is over");
  }

  @Test
  void theBackOffGrowsWithEveryFailureUpToFifteenMinutesAndNoLaunchComesEarly() {
    Sim sim = failingUpdate();
    List<Duration> delays = new ArrayList<>();
    int seen = 0;
    for (int i = 0; i < 400 && seen < 11; i++) {
      ServicePlan plan = sim.step();
      ServiceThrottle throttle = plan.service().throttle();
      if (plan.launchCount() > 0 && throttle.nextStartAllowedAt() != null) {
        assertFalse(sim.now.minus(Sim.STEP).isBefore(throttle.nextStartAllowedAt()), "launched while throttled");
      }
      if (throttle.consecutiveFailures() > seen) {
        seen = throttle.consecutiveFailures();
        if (throttle.nextStartAllowedAt() != null) {
          delays.add(Duration.between(throttle.countedThrough(), throttle.nextStartAllowedAt()));
        }
      }
    }
    assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 320L, 640L, 900L, 900L, 900L),
        delays.stream().map(Duration::toSeconds).toList());
  }

  @Test
  void eachFailureIsCountedOnceHoweverOftenTheServiceIsPlanned() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(1);
    sim.failedTask(sim.primary().id(), "ci-1", Sim.T0);
    ServicePlan first = sim.plan();
    sim.apply(first);
    ServicePlan again = sim.plan();
    assertEquals(1, first.service().throttle().consecutiveFailures());
    assertEquals(1, again.service().throttle().consecutiveFailures());
    assertEquals(1, again.primary().failedTasks());
  }

  @Test
  void aNewTaskDefinitionEndsTheThrottleAtOnce() {
    Sim sim = failingUpdate();
    for (int i = 0; i < 3; i++) {
      sim.step();
    }
    assertTrue(sim.service.throttle().delaysLaunchesAt(sim.now.minus(Sim.STEP)));
    sim.deploy(3);
    ServicePlan plan = sim.plan();
    assertEquals(1, plan.launchCount());
    assertEquals(0, plan.service().throttle().consecutiveFailures());
    assertNull(plan.service().throttle().nextStartAllowedAt());
    assertEquals(Sim.td(3), plan.service().throttle().taskDefinition());
  }

  @Test
  void tasksThatStopAfterReachingRunningNeverThrottle() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    sim.bounds.enabled = false; // crashes take the service below its floor
    for (int i = 0; i < 6; i++) {
      sim.crash(sim.live(sim.primary().id()).get(0).id);
      ServicePlan plan = sim.step();
      assertEquals(1, plan.launchCount());
      sim.step(); // the replacement reaches RUNNING
    }
    assertEquals(0, sim.service.throttle().consecutiveFailures());
    assertTrue(sim.messages().stream().noneMatch(UNABLE::equals));
  }

  @Test
  void aTaskThatStartsResetsTheCount() {
    Sim sim = failingUpdate();
    for (int i = 0; i < 3; i++) {
      sim.step();
    }
    assertEquals(2, sim.service.throttle().consecutiveFailures());
    sim.failingRevisions.clear();
    sim.runUntilSteady(10);
    assertEquals(0, sim.service.throttle().consecutiveFailures());
    assertNull(sim.service.throttle().nextStartAllowedAt());
  }

  @Test
  void failuresOfAnOlderTaskDefinitionDoNotThrottleTheCurrentOne() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(1);
    String old = sim.primary().id();
    sim.deploy(2);
    sim.failedTask(old, "ci-1", Sim.T0.minusSeconds(5));
    sim.failedTask(old, "ci-1", Sim.T0);
    ServicePlan plan = sim.plan();
    assertEquals(0, plan.service().throttle().consecutiveFailures());
    assertEquals(2, plan.deployment(old).orElseThrow().failedTasks());
    assertEquals(2, plan.launchCount());
  }
}
