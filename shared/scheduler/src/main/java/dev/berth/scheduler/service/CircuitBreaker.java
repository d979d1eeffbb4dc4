package dev.berth.scheduler.service;

import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceThrottle;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * ECS's deployment circuit breaker: a rollout whose tasks keep failing (to start, or their
 * container health checks once RUNNING: {@link StartFailures} counts both) is marked FAILED and
 * launches nothing more; with rollback on, a new PRIMARY deployment goes back to the task
 * definition of the last deployment that completed.
 */
public final class CircuitBreaker {
  public static final int MIN_THRESHOLD = DeploymentCircuitBreaker.MIN_THRESHOLD;
  public static final int MAX_THRESHOLD = DeploymentCircuitBreaker.MAX_THRESHOLD;
  public static final String FAILED_REASON = "ECS deployment circuit breaker: task failed to start.";

  /** See {@link DeploymentCircuitBreaker#threshold}. */
  public static int threshold(int desiredCount) {
    return DeploymentCircuitBreaker.threshold(desiredCount);
  }

  public static String rollbackReason(String toDeploymentId) {
    return "ECS deployment circuit breaker: rolling back to deploymentId " + toDeploymentId + ".";
  }

  /** Fails the PRIMARY rollout if its failed tasks reached the threshold, and rolls back if asked. */
  static void check(Pass pass, int desiredCount, RandomGenerator random) {
    Service service = pass.service();
    DeploymentCircuitBreaker breaker = service.deploymentConfiguration().deploymentCircuitBreaker();
    Deployment primary = pass.primary();
    if (!breaker.enable() || primary.rolloutState() != RolloutState.IN_PROGRESS
        || primary.failedTasks() < threshold(desiredCount)) {
      return;
    }
    Deployment failed = primary.withRollout(RolloutState.FAILED, FAILED_REASON);
    pass.replace(failed);
    pass.circuitBreakerTripped = true;
    pass.event(ServiceEvents.deploymentFailed(service.name(), primary.id()));
    if (!breaker.rollback()) {
      return;
    }
    // The last completed deployment, unless it runs the very task definition that just failed
    // (a failed rollback does not roll back to itself).
    Deployment target = pass.snapshot().deployments().stream()
        .filter(d -> !d.id().equals(primary.id()) && d.rolloutState() == RolloutState.COMPLETED)
        .filter(d -> !d.taskDefinition().equals(primary.taskDefinition()))
        .max(Comparator.comparing(Deployment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
        .orElse(null);
    if (target == null) {
      return;
    }
    Instant now = pass.now();
    Deployment back = new Deployment(newId(pass, random), DeploymentStatus.PRIMARY, target.taskDefinition(),
        desiredCount, 0, 0, 0, RolloutState.IN_PROGRESS, rollbackReason(target.id()), now, now);
    pass.addPrimary(back);
    ServiceThrottle throttle = service.throttle();
    pass.service(service.withTaskDefinition(target.taskDefinition()).withThrottle(new ServiceThrottle(
        throttle.countedThrough(), throttle.countedThroughTaskId(), target.taskDefinition(), 0, null)));
    pass.rollback = new ServicePlan.Rollback(back, primary.id(), target.id());
    pass.event(ServiceEvents.rollingBack(service.name(), target.id()));
  }

  private static String newId(Pass pass, RandomGenerator random) {
    Set<String> taken = new HashSet<>();
    pass.snapshot().deployments().forEach(d -> taken.add(d.id()));
    String id;
    do {
      id = Deployment.newId(random);
    } while (taken.contains(id));
    return id;
  }

  private CircuitBreaker() {}
}
