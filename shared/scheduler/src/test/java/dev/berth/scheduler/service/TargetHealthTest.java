package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Load balancer health in the planner: a load-balanced task is healthy only when healthy in every
 * target group (and HEALTHY, with container health checks), whatever its age; a target unhealthy
 * past the grace period is stopped with ECS's reason and replaced, and counts as a health failure.
 */
class TargetHealthTest {
  private static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123";

  @Test
  void aLoadBalancedTaskIsHealthyOnlyWhenItsTargetsAre() {
    SimTask t = new Sim().instances(1, 4).replica(1, 100, 200).taskOn("d", "ci-1", Sim.T0.minusSeconds(600));
    t.targetHealth = ServiceTask.INITIAL;
    assertFalse(t.view().healthyAt(Sim.T0), "no 40-second rule behind a load balancer");
    assertFalse(t.view().failingHealthChecks(), "not yet checked is no failure");
    t.targetHealth = ServiceTask.HEALTHY;
    assertTrue(t.view().healthyAt(Sim.T0));
    t.healthStatus = "UNKNOWN";
    assertFalse(t.view().healthyAt(Sim.T0), "with container health checks, HEALTHY as well");
    t.healthStatus = "HEALTHY";
    assertTrue(t.view().healthyAt(Sim.T0));
    t.targetHealth = ServiceTask.UNHEALTHY;
    assertTrue(t.view().failingHealthChecks());
  }

  @Test
  void anUnhealthyTargetIsKeptDuringTheGracePeriodThenReplacedWithTheElbReason() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200).grace(60);
    SimTask t = sim.taskOn(sim.primary().id(), "ci-1", Sim.T0.minusSeconds(30));
    t.targetHealth = ServiceTask.UNHEALTHY;
    t.failingTargetGroup = GROUP;
    assertEquals(List.of(), sim.plan().stops(), "30 s into a 60 s grace period");
    sim.now = Sim.T0.plusSeconds(30);
    ServicePlan plan = sim.plan();
    assertEquals(List.of(new ServicePlan.TaskStop(t.id, ServicePlan.SERVICE_SCHEDULER_INITIATED,
        "Task failed ELB health checks in (target-group " + GROUP + ")")), plan.stops());
    assertEquals(1, plan.launchCount(), "a replacement starts at once (maximumPercent 200)");
  }

  @Test
  void aTaskStoppedForElbHealthChecksCountsInTheCircuitBreaker() {
    Sim sim = new Sim().instances(2, 4).replica(1, 100, 200);
    SimTask t = sim.taskOn(sim.primary().id(), "ci-1", Sim.T0.minusSeconds(300));
    t.lastStatus = TaskStatus.STOPPED;
    t.desiredStatus = TaskStatus.STOPPED;
    t.stoppedAt = Sim.T0.minusSeconds(1);
    t.stoppedReason = "Task failed ELB health checks in (target-group " + GROUP + ")";
    assertTrue(t.view().stoppedForHealthChecks());
    assertEquals(1, sim.plan().primary().failedTasks());
  }
}
