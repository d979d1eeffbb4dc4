package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Service tasks with container health checks: healthy only when HEALTHY, replaced when UNHEALTHY. */
class ContainerHealthTest {

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
    assertEquals(List.of(new ServicePlan.TaskStop(sick.id, ServicePlan.SERVICE_SCHEDULER_INITIATED,
        "Task failed container health checks")), plan.stops());
    assertEquals(1, plan.launches().stream().mapToInt(ServicePlan.TaskLaunch::count).sum(), "a replacement");
  }
}
