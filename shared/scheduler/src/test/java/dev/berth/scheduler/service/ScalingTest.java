package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.PlacementStrategy;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.RolloutState;
import dev.berth.scheduler.ScaleIn;
import dev.berth.scheduler.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScalingTest {
  private static final java.time.Instant LONG_AGO = Sim.T0.minus(Duration.ofHours(1));

  @Test
  void aNewServiceStartsItsDesiredCountAndReachesASteadyState() {
    Sim sim = new Sim().instances(3, 4).replica(3, 100, 200);
    String id = sim.primary().id();
    sim.put(sim.primary().withRollout(RolloutState.IN_PROGRESS, "ECS deployment " + id + " in progress."));
    ServicePlan first = sim.step();
    assertEquals(List.of(new ServicePlan.TaskLaunch(id, Sim.td(1), 3, List.of())), first.launches());
    sim.runUntilSteady(5);
    assertEquals(3, sim.live(id).size());
    assertEquals(RolloutState.COMPLETED, sim.primary().rolloutState());
    assertTrue(sim.messages().contains("(service web) (deployment " + id + ") deployment completed."));
  }

  @Test
  void scalingOutStartsOnlyTheMissingTasks() {
    Sim sim = new Sim().instances(3, 4).replica(3, 100, 200).running(3);
    sim.scale(5);
    ServicePlan plan = sim.step();
    assertEquals(2, plan.launchCount());
    assertEquals(List.of(), plan.stops());
    sim.runUntilSteady(5);
    assertEquals(5, sim.live(sim.primary().id()).size());
  }

  @Test
  void scalingInStopsTheSurplusInEcsDefaultOrderBusiestZoneThenBusiestInstance() {
    Sim sim = new Sim().instances(3, 4).replica(5, 100, 200);
    String d = sim.primary().id();
    SimTask a1 = sim.taskOn(d, "ci-1", LONG_AGO);
    SimTask a2 = sim.taskOn(d, "ci-1", LONG_AGO);
    SimTask a3 = sim.taskOn(d, "ci-1", LONG_AGO);
    sim.taskOn(d, "ci-2", LONG_AGO);
    sim.taskOn(d, "ci-3", LONG_AGO);
    sim.scale(3);
    ServicePlan plan = sim.plan();
    assertEquals(2, plan.stops().size());
    assertTrue(List.of(a1.id, a2.id, a3.id).containsAll(plan.stoppedTaskIds()), "both from ci-1 in zone a");
    assertEquals(0, plan.launchCount());
  }

  @Test
  void scalingInFollowsScaleInForTheServicesStrategies() {
    Sim sim = new Sim().instances(4, 4).replica(8, 100, 200).running(8);
    sim.placement(List.of(), List.of(new PlacementStrategy("spread", "instanceId")));
    sim.scale(5);
    ServicePlan plan = sim.plan();
    List<String> all = sim.liveTasks().map(t -> t.id).toList();
    List<String> expected = ScaleIn.tasksToStopAmong(sim.instances.values(), all,
        List.of(new Strategy.Spread("instanceId")), 3, new SplittableRandom(7));
    assertEquals(3, plan.stops().size());
    assertEquals(expected.size(), plan.stops().size());
    // Spread by instance keeps the rest balanced: no instance is left with more than 2 of the 5.
    Map<String, Long> left = sim.liveTasks().filter(t -> !plan.stoppedTaskIds().contains(t.id))
        .collect(java.util.stream.Collectors.groupingBy(t -> t.instanceId, java.util.stream.Collectors.counting()));
    assertTrue(left.values().stream().allMatch(n -> n <= 2), left.toString());
  }

  @Test
  void scalingInWithBinpackStopsTheTaskWhoseInstanceIsLeftWithTheMostMemory() {
    Sim sim = new Sim().addInstance("big", "us-east-1a", 8, Map.of()).addInstance("small", "us-east-1b", 2, Map.of())
        .replica(3, 100, 200);
    sim.placement(List.of(), List.of(new PlacementStrategy("binpack", "memory")));
    String d = sim.primary().id();
    SimTask onBig = sim.taskOn(d, "big", LONG_AGO);
    sim.taskOn(d, "small", LONG_AGO);
    sim.taskOn(d, "small", LONG_AGO);
    sim.scale(2);
    assertEquals(List.of(onBig.id), sim.plan().stoppedTaskIds());
  }

  @Test
  void scalingInStopsPendingTasksBeforeHealthyOnes() {
    Sim sim = new Sim().instances(2, 4).replica(4, 100, 200).running(3);
    SimTask pending = sim.taskOn(sim.primary().id(), "ci-1", null);
    sim.scale(3);
    assertEquals(List.of(pending.id), sim.plan().stoppedTaskIds());
  }

  @Test
  void scalingInGivesEcsReasonNamingThePrimaryDeployment() {
    Sim sim = new Sim().instances(2, 4).replica(4, 100, 200).running(4);
    sim.scale(1);
    ServicePlan plan = sim.plan();
    assertEquals(3, plan.stops().size());
    for (ServicePlan.TaskStop stop : plan.stops()) {
      assertEquals(new ServicePlan.TaskStop(stop.taskId(), "ServiceSchedulerInitiated",
          "Scaling activity initiated by (deployment " + sim.primary().id() + ")"), stop);
    }
    sim.runUntilSteady(5);
    assertEquals(1, sim.live(sim.primary().id()).size());
  }

  @Test
  void aTaskThatStopsUnexpectedlyIsReplacedInThePrimaryDeployment() {
    Sim sim = new Sim().instances(3, 4).replica(3, 100, 200).running(3);
    sim.runUntilSteady(3);
    String victim = sim.live(sim.primary().id()).get(0).id;
    sim.crash(victim);
    sim.bounds.enabled = false; // a crash, not the scheduler, took the service below its floor
    ServicePlan plan = sim.step();
    assertEquals(List.of(new ServicePlan.TaskLaunch(sim.primary().id(), Sim.td(1), 1, List.of())), plan.launches());
    assertEquals(0, sim.service.throttle().consecutiveFailures());
    sim.runUntilSteady(5);
    assertEquals(3, sim.live(sim.primary().id()).size());
    assertEquals(TaskStatus.STOPPED, sim.tasks.get(victim).lastStatus);
  }

  @Test
  void scalingToZeroStopsEveryTaskAndIsThenSteady() {
    Sim sim = new Sim().instances(2, 4).replica(4, 100, 200).running(4);
    sim.scale(0);
    assertEquals(4, sim.step().stops().size());
    ServicePlan last = sim.runUntilSteady(3);
    assertEquals(0, last.primary().runningCount());
    assertEquals(List.of(), sim.present(t -> true));
  }
}
