package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.ContainerInstance;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Scale-in protection: what the service scheduler leaves running, and what it still stops. */
class TaskProtectionTest {
  private static final Instant LONG_AGO = Sim.T0.minus(Duration.ofHours(1));

  private static void protect(SimTask task, Duration forHowLong, Sim sim) {
    task.protectedUntil = sim.now.plus(forHowLong);
  }

  private static Set<String> liveIds(Sim sim) {
    return sim.liveTasks().map(t -> t.id).collect(Collectors.toSet());
  }

  @Test
  void scaleInStopsOnlyUnprotectedTasksAndLeavesTheServiceAboveDesiredUntilProtectionExpires() {
    Sim sim = new Sim().instances(3, 4).replica(5, 100, 200).running(5);
    List<SimTask> tasks = sim.live(sim.primary().id());
    SimTask a = tasks.get(0);
    SimTask b = tasks.get(1);
    protect(a, Duration.ofMinutes(10), sim);
    protect(b, Duration.ofMinutes(10), sim);
    sim.scale(1);

    ServicePlan first = sim.step();
    assertEquals(3, first.stops().size());
    assertFalse(first.stoppedTaskIds().contains(a.id));
    assertFalse(first.stoppedTaskIds().contains(b.id));
    assertFalse(first.steadyState());
    assertTrue(sim.messages().stream().anyMatch(m -> m.startsWith("(service web) was unable to stop 2 tasks because "
        + "they are protected from scale-in:") && m.contains("(task " + a.id + ")")), sim.messages().toString());

    ServicePlan held = sim.step();
    assertEquals(List.of(), held.stops());
    assertFalse(held.steadyState());
    assertEquals(Set.of(a.id, b.id), liveIds(sim));

    sim.now = a.protectedUntil; // the instant protection ends, it no longer holds
    ServicePlan released = sim.step();
    assertEquals(1, released.stops().size());
    sim.runUntilSteady(3);
    assertEquals(1, sim.liveTasks().count());
  }

  @Test
  void protectionOfAFewLeavesTheRestOfTheScaleInToTheUsualOrder() {
    Sim sim = new Sim().instances(3, 4).replica(4, 100, 200).running(4);
    SimTask kept = sim.live(sim.primary().id()).get(2);
    protect(kept, Duration.ofHours(2), sim);
    sim.bounds.enabled = false; // the protected task keeps the service above maximumPercent of 0
    sim.scale(0);
    ServicePlan plan = sim.step();
    assertEquals(3, plan.stops().size());
    assertEquals(Set.of(kept.id), liveIds(sim));
  }

  @Test
  void aDeploymentStaysInProgressWhileAProtectedOldTaskRunsAndCompletesOnceProtectionExpires() {
    Sim sim = new Sim().instances(4, 4).replica(4, 50, 200).running(4);
    SimTask old = sim.live(sim.primary().id()).get(0);
    protect(old, Duration.ofMinutes(20), sim);
    Deployment next = sim.deploy(2);

    for (int i = 0; i < 8; i++) {
      ServicePlan plan = sim.step();
      assertFalse(plan.steadyState(), "step " + i);
      assertFalse(plan.stoppedTaskIds().contains(old.id), "step " + i);
    }
    assertEquals(TaskStatus.RUNNING, old.lastStatus);
    assertEquals(4, sim.live(next.id()).size());
    assertEquals(RolloutState.IN_PROGRESS, sim.deployment(next.id()).rolloutState());
    assertEquals(DeploymentStatus.ACTIVE, sim.deployment(old.deploymentId).status());
    assertEquals(1, sim.deployment(old.deploymentId).runningCount());

    sim.now = old.protectedUntil.plusSeconds(1);
    ServicePlan released = sim.step();
    assertEquals(List.of(old.id), released.stoppedTaskIds());
    sim.runUntilSteady(3);
    assertEquals(RolloutState.COMPLETED, sim.deployment(next.id()).rolloutState());
    assertEquals(DeploymentStatus.INACTIVE, sim.deployment(old.deploymentId).status());
  }

  @Test
  void clearingProtectionReleasesTheTaskAtTheNextPass() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    SimTask t = sim.live(sim.primary().id()).get(0);
    protect(t, Duration.ofHours(1), sim);
    sim.scale(1);
    sim.step();
    sim.step();
    assertTrue(liveIds(sim).contains(t.id));
    t.protectedUntil = null;
    sim.step();
    sim.runUntilSteady(3);
    assertEquals(1, sim.liveTasks().count());
  }

  @Test
  void protectedTasksOnADrainingInstanceAreStillReplaced() {
    Sim sim = new Sim().instances(3, 4).replica(2, 100, 200);
    String d = sim.primary().id();
    SimTask t = sim.taskOn(d, "ci-1", LONG_AGO);
    sim.taskOn(d, "ci-2", LONG_AGO);
    protect(t, Duration.ofHours(1), sim);
    sim.drain("ci-1");
    sim.runUntilSteady(6);
    assertEquals(TaskStatus.STOPPED, t.lastStatus);
    assertTrue(sim.liveTasks().noneMatch(x -> x.instanceId.equals("ci-1")));
  }

  @Test
  void aProtectedTaskFailingItsHealthChecksIsStillStopped() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200);
    SimTask t = sim.taskOn(sim.primary().id(), "ci-1", LONG_AGO);
    t.healthStatus = "UNHEALTHY";
    protect(t, Duration.ofHours(1), sim);
    ServicePlan plan = sim.plan();
    assertEquals(List.of(t.id), plan.stoppedTaskIds());
    assertEquals(ServicePlan.FAILED_HEALTH_CHECKS, plan.stops().get(0).reason());
  }

  @Test
  void aDeletedServiceStopsItsProtectedTasks() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    sim.liveTasks().forEach(t -> protect(t, Duration.ofHours(1), sim));
    sim.service = sim.service.withDesiredCount(0).withStatus(ServiceStatus.DRAINING);
    ServicePlan plan = sim.plan();
    assertEquals(2, plan.stops().size());
  }

  @Test
  void aDaemonDeploymentLeavesAProtectedOldTaskOnItsInstance() {
    Sim sim = new Sim().instances(3, 4).daemon();
    sim.scale(3);
    String d = sim.primary().id();
    List<SimTask> old = List.of(sim.taskOn(d, "ci-1", LONG_AGO), sim.taskOn(d, "ci-2", LONG_AGO),
        sim.taskOn(d, "ci-3", LONG_AGO));
    protect(old.get(1), Duration.ofMinutes(30), sim);
    Deployment next = sim.deploy(2);
    for (int i = 0; i < 8; i++) {
      assertFalse(sim.step().steadyState());
    }
    assertEquals(TaskStatus.RUNNING, old.get(1).lastStatus);
    assertEquals(2, sim.live(next.id()).size());
    assertTrue(sim.live(next.id()).stream().noneMatch(t -> t.instanceId.equals("ci-2")));
    assertEquals(ContainerInstance.ACTIVE, sim.instances.get("ci-2").status());

    sim.now = old.get(1).protectedUntil;
    sim.runUntilSteady(4);
    assertEquals(3, sim.live(next.id()).size());
    assertEquals(RolloutState.COMPLETED, sim.deployment(next.id()).rolloutState());
  }
}
