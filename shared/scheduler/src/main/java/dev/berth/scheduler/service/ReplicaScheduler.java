package dev.berth.scheduler.service;

import dev.berth.model.service.RolloutState;
import dev.berth.model.service.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One pass for a REPLICA service. The tasks that count toward desiredCount are the PRIMARY
 * deployment's pending or running tasks on ACTIVE instances (the keepers); every other pending or
 * running task (older deployments, or on a draining or vanished instance) is to be replaced. With
 * {@code total} all pending or running tasks not told to stop and {@code healthy} those RUNNING
 * and healthy ({@link ServiceTask#healthyAt}):
 *
 * <ul>
 *   <li>PENDING tasks on a draining instance stop at once;
 *   <li>RUNNING tasks whose container health checks fail (UNHEALTHY) past the service's
 *       healthCheckGracePeriodSeconds stop at once and no longer count, so that replacements start
 *       in the same pass (within the grace period they stay, counted but not healthy);
 *   <li>start {@code min(maxTotal - total, D - keepers)} PRIMARY tasks, if positive;
 *   <li>keepers above D stop (scale-in), unhealthy first, then in the strategies' scale-in order;
 *   <li>tasks to be replaced stop: the unhealthy ones at once, healthy ones down to minHealthy.
 * </ul>
 *
 * A task under scale-in protection is stopped neither to scale in nor to be replaced by a newer
 * deployment on an ACTIVE instance: the service stays above desiredCount, or the deployment in
 * progress, until the protection is cleared or expires. It is still stopped when its container
 * health checks fail, when its instance drains or is gone, and when the service is deleted.
 *
 * Launches are counted against {@code total} as it stood before this pass's stops, so a plan never
 * needs a stop to have landed before its launches fit.
 */
final class ReplicaScheduler {

  /** Plans the pass; returns whether the service sits exactly at its desired state. */
  static boolean plan(Pass pass, RandomGenerator random) {
    Service service = pass.service();
    int desired = service.desiredCount();
    RolloutBounds bounds = RolloutBounds.of(desired, service.deploymentConfiguration());

    List<ServiceTask> live = new ArrayList<>();
    for (ServiceTask t : pass.tasks()) {
      if (!t.live()) {
        continue;
      }
      if (t.pending() && pass.host(t) != Pass.Host.ACTIVE) {
        pass.stop(t);
      } else if (pass.failedHealthChecks(t)) {
        pass.stopUnhealthy(t);
      } else {
        live.add(t);
      }
    }
    List<ServiceTask> keepers = new ArrayList<>();
    List<ServiceTask> leavers = new ArrayList<>();
    for (ServiceTask t : live) {
      (pass.isPrimary(t) && pass.host(t) == Pass.Host.ACTIVE ? keepers : leavers).add(t);
    }
    int total = live.size();
    int healthy = (int) live.stream().filter(pass::healthy).count();

    boolean canLaunch = launchesAllowed(pass);
    int start = canLaunch ? Math.max(0, Math.min(bounds.maxTotal() - total, desired - keepers.size())) : 0;
    pass.launch(start, List.of());

    int surplus = keepers.size() - desired;
    if (surplus > 0) {
      List<ServiceTask> stoppable = StopOrder.unhealthyFirst(pass, pass.withoutProtected(keepers), random);
      for (ServiceTask t : stoppable.subList(0, Math.min(surplus, stoppable.size()))) {
        pass.stop(t);
        if (pass.healthy(t)) {
          healthy--;
        }
      }
    }
    // a FAILED rollout replaces nothing, so nothing is held back by protection either
    boolean replacing = pass.primary().rolloutState() != RolloutState.FAILED;
    List<ServiceTask> replaceable = replacing ? StopOrder.deployable(pass, leavers) : leavers;
    if (replacing) {
      StopOrder.replace(pass, replaceable, healthy, bounds.minHealthy(), random);
    }

    boolean inFlight = live.stream().anyMatch(t -> !pass.healthy(t));
    boolean workLeft = keepers.size() < desired || !replaceable.isEmpty();
    pass.deadlocked = canLaunch && workLeft && !inFlight && start == 0 && pass.stoppedTaskIds().isEmpty();

    long present = pass.tasks().stream().filter(ServiceTask::present).count();
    return keepers.size() == desired && present == desired && keepers.stream().allMatch(pass::healthy);
  }

  /** Launches wait while the throttle holds them back, and end when the rollout has FAILED. */
  static boolean launchesAllowed(Pass pass) {
    return pass.primary().rolloutState() != RolloutState.FAILED
        && !pass.service().throttle().delaysLaunchesAt(pass.now());
  }

  private ReplicaScheduler() {}
}
