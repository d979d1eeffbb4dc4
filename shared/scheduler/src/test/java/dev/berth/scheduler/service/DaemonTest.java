package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.ContainerInstance;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.DeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DaemonTest {
  private static final Instant LONG_AGO = Sim.T0.minus(Duration.ofHours(1));
  private static final List<String> FIVE = List.of("ci-1", "ci-2", "ci-3", "ci-4", "ci-5");

  /** A daemon running (for an hour) on each of five instances. */
  private static Sim runningOnFive() {
    Sim sim = new Sim().instances(5, 4).daemon();
    sim.scale(5);
    FIVE.forEach(id -> sim.taskOn(sim.primary().id(), id, LONG_AGO));
    return sim;
  }

  private static Map<String, Long> perInstance(Sim sim) {
    Map<String, Long> out = new TreeMap<>();
    sim.liveTasks().forEach(t -> out.merge(t.instanceId, 1L, Long::sum));
    return out;
  }

  @Test
  void startsOneTaskOnEveryActiveInstanceAndDerivesDesiredCount() {
    Sim sim = new Sim().instances(5, 4).daemon();
    ServicePlan plan = sim.step();
    assertEquals(List.of(new ServicePlan.TaskLaunch(sim.primary().id(), Sim.td(1), 5, FIVE)), plan.launches());
    assertEquals(5, plan.service().desiredCount());
    assertEquals(5, plan.primary().desiredCount());
    sim.runUntilSteady(5);
    assertEquals(Map.of("ci-1", 1L, "ci-2", 1L, "ci-3", 1L, "ci-4", 1L, "ci-5", 1L), perInstance(sim));
  }

  @Test
  void aDrainingInstanceGetsNoDaemonAndDoesNotCount() {
    Sim sim = new Sim().instances(5, 4).daemon();
    sim.drain("ci-3");
    ServicePlan plan = sim.plan();
    assertEquals(List.of("ci-1", "ci-2", "ci-4", "ci-5"), plan.launches().get(0).containerInstanceIds());
    assertEquals(4, plan.service().desiredCount());
  }

  @Test
  void onADrainingInstanceTheDaemonIsStoppedLastAfterTheOtherServicesTasks() {
    Sim sim = runningOnFive();
    sim.bounds.enabled = false; // the daemon waiting on the draining instance is outside its bounds
    sim.reserveOther("ci-2", "api-1", "service:api");
    sim.drain("ci-2");
    ServicePlan waiting = sim.plan();
    assertEquals(List.of(), waiting.stops());
    assertEquals(4, waiting.service().desiredCount());
    assertTrue(!waiting.steadyState());
    sim.apply(waiting);
    sim.releaseOther("ci-2", "api-1");
    ServicePlan plan = sim.plan();
    String daemonOnCi2 = sim.liveTasks().filter(t -> t.instanceId.equals("ci-2")).findFirst().orElseThrow().id;
    assertEquals(List.of(new ServicePlan.TaskStop(daemonOnCi2, "ServiceSchedulerInitiated",
        "Scaling activity initiated by (deployment " + sim.primary().id() + ")")), plan.stops());
    assertEquals(0, plan.launchCount());
  }

  @Test
  void otherDaemonsAndStandaloneTasksDoNotHoldBackTheStop() {
    Sim sim = runningOnFive();
    sim.daemonGroups = Set.of("service:logs", "service:web");
    sim.reserveOther("ci-2", "logs-1", "service:logs");
    sim.reserveOther("ci-2", "batch-1", "family:batch");
    sim.drain("ci-2");
    ServicePlan plan = sim.plan();
    assertEquals(1, plan.stops().size());
    assertEquals("ci-2", sim.tasks.get(plan.stops().get(0).taskId()).instanceId);
  }

  @Test
  void aPendingDaemonOnADrainingInstanceStopsAtOnce() {
    Sim sim = new Sim().instances(2, 4).daemon();
    sim.scale(2);
    sim.taskOn(sim.primary().id(), "ci-1", LONG_AGO);
    SimTask pending = sim.taskOn(sim.primary().id(), "ci-2", null);
    sim.reserveOther("ci-2", "api-1", "service:api");
    sim.drain("ci-2");
    assertEquals(List.of(pending.id), sim.plan().stoppedTaskIds());
  }

  @Test
  void onlyInstancesMeetingTheConstraintsRunTheDaemonAndOneThatStopsQualifyingLosesIt() {
    Sim sim = new Sim().instances(4, 4).daemon();
    sim.setAttribute("ci-1", "role", "web");
    sim.setAttribute("ci-2", "role", "web");
    sim.setAttribute("ci-3", "role", "web");
    sim.setAttribute("ci-4", "role", "db");
    sim.placement(List.of(new PlacementConstraint("memberOf", "attribute:role == web")), List.of());
    ServicePlan first = sim.step();
    assertEquals(List.of("ci-1", "ci-2", "ci-3"), first.launches().get(0).containerInstanceIds());
    sim.runUntilSteady(5);
    sim.setAttribute("ci-2", "role", "db");
    ServicePlan plan = sim.step();
    assertEquals(2, plan.service().desiredCount());
    assertEquals(1, plan.stops().size());
    assertEquals("ci-2", sim.tasks.get(plan.stops().get(0).taskId()).instanceId);
    sim.runUntilSteady(5);
    assertEquals(Map.of("ci-1", 1L, "ci-3", 1L), perInstance(sim));
  }

  @Test
  void aDeploymentAtZeroHundredStopsTheOldDaemonsThenStartsTheNewOnesInTheirPlace() {
    Sim sim = runningOnFive();
    String old = sim.primary().id();
    String next = sim.deploy(2).id();
    ServicePlan first = sim.step();
    assertEquals(5, first.stops().size());
    assertEquals(0, first.launchCount());
    ServicePlan second = sim.step();
    assertEquals(FIVE, second.launches().get(0).containerInstanceIds());
    assertEquals(next, second.launches().get(0).deploymentId());
    sim.runUntilSteady(5);
    assertEquals(5, sim.live(next).size());
    assertEquals(Map.of("ci-1", 1L, "ci-2", 1L, "ci-3", 1L, "ci-4", 1L, "ci-5", 1L), perInstance(sim));
    assertEquals(DeploymentStatus.INACTIVE, sim.deployment(old).status());
  }

  @Test
  void aDeploymentAtFiftyHundredReplacesTheDaemonsInTwoWavesWithinTheBounds() {
    Sim sim = runningOnFive().configure(new DeploymentConfiguration(100, 50, null));
    String next = sim.deploy(2).id();
    ServicePlan first = sim.step();
    assertEquals(2, first.stops().size()); // minHealthy ceil(2.5) = 3
    sim.runUntilSteady(20);
    assertEquals(5, sim.live(next).size());
    assertEquals(3, sim.bounds.fewestHealthy);
    assertEquals(5, sim.bounds.peakTotal);
  }

  @Test
  void anInstanceThatJoinsGetsADaemon() {
    Sim sim = runningOnFive();
    sim.runUntilSteady(3);
    sim.addInstance("ci-6", "us-east-1c", 4, Map.of());
    ServicePlan plan = sim.step();
    assertEquals(List.of("ci-6"), plan.launches().get(0).containerInstanceIds());
    assertEquals(6, plan.service().desiredCount());
  }

  @Test
  void anInstanceWhoseAgentIsDisconnectedCountsButGetsNoLaunch() {
    Sim sim = new Sim().instances(2, 4).daemon();
    sim.instances.put("ci-3", Ledger.instance("ci-3", "us-east-1c", 4, ContainerInstance.ACTIVE, false, Map.of()));
    ServicePlan plan = sim.plan();
    assertEquals(List.of("ci-1", "ci-2"), plan.launches().get(0).containerInstanceIds());
    assertEquals(3, plan.service().desiredCount());
    assertTrue(!plan.deadlocked());
  }

  @Test
  void aSecondTaskOnOneInstanceIsStopped() {
    Sim sim = runningOnFive();
    SimTask extra = sim.taskOn(sim.primary().id(), "ci-4", null);
    ServicePlan plan = sim.plan();
    assertEquals(List.of(extra.id), plan.stoppedTaskIds());
    assertEquals(0, plan.launchCount());
    assertEquals(TaskStatus.PENDING, extra.lastStatus);
  }
}
