package dev.berth.scheduler.service;

import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.RolloutState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a pass (its bookkeeping; the rollout's bounds are {@link RolloutBounds}): each deployment's counts, the events for what the pass did, and the steady
 * state. The service is steady when the PRIMARY deployment runs exactly desiredCount healthy tasks
 * (so runningCount == D and pendingCount == 0), no other task of the service is pending or
 * running, and the pass has nothing to start or stop. Then the rollout is COMPLETED, older
 * deployments go INACTIVE, and the service says it has reached a steady state.
 */
final class PassEnd {

  static void finish(Pass pass, int desired, boolean settled) {
    recount(pass, desired);
    String name = pass.service().name();
    List<String> stopped = pass.stoppedTaskIds();
    ServiceEvents.inEvents(stopped).forEach(ids -> pass.event(ServiceEvents.stoppedRunningTasks(name, ids)));
    ServiceEvents.inEvents(pass.heldByProtection)
        .forEach(ids -> pass.event(ServiceEvents.heldByProtection(name, ids)));
    Deployment primary = pass.primary();
    if (pass.deadlocked && primary.rolloutState() == RolloutState.IN_PROGRESS) {
      pass.event(ServiceEvents.unableToStopOrStart(name));
    }
    if (!settled || pass.launching() || !stopped.isEmpty()) {
      return;
    }
    pass.steadyState = true;
    if (primary.rolloutState() == RolloutState.IN_PROGRESS) {
      pass.replace(primary.withRollout(RolloutState.COMPLETED, "ECS deployment " + primary.id() + " completed."));
      pass.event(ServiceEvents.deploymentCompleted(name, primary.id()));
    }
    retireOlder(pass);
    pass.event(ServiceEvents.steadyState(name));
  }

  /** Older deployments with nothing left go INACTIVE. */
  static void retireOlder(Pass pass) {
    for (Deployment d : List.copyOf(pass.deployments())) {
      if (!d.primary() && !d.inactive()) {
        pass.replace(d.withStatus(DeploymentStatus.INACTIVE).withDesiredCount(0));
      }
    }
  }

  /**
   * Pending and running counts as observed (a task told to stop still counts until it has
   * stopped, but not while it drains from its load balancers, DEACTIVATING, as in ECS's
   * runningCount); the PRIMARY's desired count is the service's, an older deployment's is what it keeps
   * after this pass.
   */
  static void recount(Pass pass, int primaryDesired) {
    Map<String, int[]> counts = new HashMap<>(); // deployment id -> {pending, running, kept}
    for (ServiceTask t : pass.tasks()) {
      if (t.deploymentId() == null || !(t.pending() || t.running())) {
        continue;
      }
      int[] c = counts.computeIfAbsent(t.deploymentId(), k -> new int[3]);
      c[t.pending() ? 0 : 1]++;
      if (t.live() && !pass.stopping(t)) {
        c[2]++;
      }
    }
    for (Deployment d : List.copyOf(pass.deployments())) {
      int[] c = counts.getOrDefault(d.id(), new int[3]);
      pass.replace(d.withTaskCounts(c[0], c[1]).withDesiredCount(d.primary() ? primaryDesired : c[2]));
    }
  }

  private PassEnd() {}
}
