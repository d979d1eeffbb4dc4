package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceDrainTest {

  /** Three running tasks of a service that has just been deleted. */
  private static Sim deleted() {
    Sim sim = new Sim().instances(2, 4).replica(3, 100, 200).running(3);
    sim.bounds.enabled = false;
    sim.service = sim.service.withStatus(ServiceStatus.DRAINING);
    return sim;
  }

  @Test
  void aDrainingServiceStopsAllItsTasksAndStaysDrainingUntilTheyHaveStopped() {
    Sim sim = deleted();
    String d = sim.primary().id();
    ServicePlan plan = sim.plan();
    assertEquals(3, plan.stops().size());
    plan.stops().forEach(s -> assertEquals(
        new ServicePlan.TaskStop(s.taskId(), "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment " + d + ")"), s));
    assertEquals(0, plan.launchCount());
    assertEquals(ServiceStatus.DRAINING, plan.service().status());
    assertEquals(0, plan.primary().desiredCount());
    assertEquals(3, plan.primary().runningCount());
    assertTrue(plan.events().get(0).message().startsWith("(service web) has stopped 3 running tasks: (task "));
    assertFalse(plan.steadyState());
  }

  @Test
  void itBecomesInactiveOnceNoTaskIsPendingOrRunning() {
    Sim sim = deleted();
    String old = sim.primary().id();
    sim.deploy(2); // an update still under way when the service was deleted
    assertEquals(ServiceStatus.DRAINING, sim.step().service().status());
    ServicePlan done = sim.step();
    assertEquals(ServiceStatus.INACTIVE, done.service().status());
    assertEquals(DeploymentStatus.INACTIVE, done.deployment(old).orElseThrow().status());
    assertEquals(0, done.primary().runningCount());
    assertEquals(List.of(), done.stops());
  }

  @Test
  void aDrainingServiceWithNoTasksIsInactiveAtOnce() {
    Sim sim = new Sim().instances(1, 4).replica(0, 100, 200);
    sim.service = sim.service.withStatus(ServiceStatus.DRAINING);
    ServicePlan plan = sim.plan();
    assertEquals(ServiceStatus.INACTIVE, plan.service().status());
    assertTrue(plan.events().isEmpty());
  }

  @Test
  void anInactiveServiceIsLeftAlone() {
    Sim sim = deleted();
    sim.service = sim.service.withStatus(ServiceStatus.INACTIVE);
    ServicePlan plan = sim.plan();
    assertEquals(List.of(), plan.stops());
    assertEquals(List.of(), plan.launches());
    assertEquals(List.of(), plan.events());
    assertEquals(sim.service, plan.service());
  }

  @Test
  void aDrainingServiceLaunchesNothingEvenBelowItsDesiredCount() {
    Sim sim = new Sim().instances(2, 4).replica(3, 100, 200).running(1);
    sim.service = sim.service.withStatus(ServiceStatus.DRAINING);
    ServicePlan plan = sim.plan();
    assertEquals(0, plan.launchCount());
    assertEquals(1, plan.stops().size());
    assertEquals(List.of(plan.events().get(0)), plan.service().events().subList(0, 1));
    assertTrue(plan.service().events().stream().map(ServiceEvent::message).noneMatch(m -> m.contains("steady")));
  }
}
