package dev.berth.scheduler.service;

import dev.berth.model.ContainerInstance;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.Service;
import dev.berth.scheduler.Constraint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One pass for a DAEMON service: one task on every ACTIVE instance that meets the service's
 * memberOf constraints, desiredCount being the number of those instances. A task on an instance
 * that stops qualifying, or is gone, stops at once; on a draining instance a PENDING task stops at
 * once and a RUNNING one is stopped last, when no other service's task is left there. A
 * deployment replaces the older tasks within the service's min/max percent: the old task on an
 * instance stops first, and the new one starts once the old one has stopped. A task failing its
 * container health checks past the grace period is stopped, and replaced the same way. A
 * deployment leaves a protected older task running until its scale-in protection ends.
 */
final class DaemonScheduler {

  /** The instances a daemon must run on, in id order. */
  static List<ContainerInstance> qualifying(Service service, Collection<ContainerInstance> instances) {
    List<Constraint> constraints = new ArrayList<>();
    for (PlacementConstraint c : service.placementConstraints()) {
      if ("memberOf".equals(c.type())) { // a daemon runs one task per instance: distinctInstance is refused
        constraints.add(Constraint.parse(c));
      }
    }
    return instances.stream()
        .filter(i -> ContainerInstance.ACTIVE.equals(i.status()))
        .filter(i -> constraints.stream().allMatch(c -> c.allows(i, service.group())))
        .sorted(Comparator.comparing(ContainerInstance::id))
        .toList();
  }

  /** Plans the pass; returns whether the service sits exactly at its desired state. */
  static boolean plan(Pass pass, List<ContainerInstance> hosts, RandomGenerator random) {
    Service service = pass.service();
    int desired = hosts.size();
    RolloutBounds bounds = RolloutBounds.of(desired, service.deploymentConfiguration());
    Set<String> hostIds = new HashSet<>();
    hosts.forEach(h -> hostIds.add(h.id()));

    Map<String, List<ServiceTask>> perHost = new LinkedHashMap<>();
    for (ServiceTask t : pass.tasks()) {
      if (!t.live()) {
        continue;
      }
      if (pass.failedHealthChecks(t)) {
        pass.stopUnhealthy(t); // its instance gets a new task once this one has stopped
      } else if (hostIds.contains(t.containerInstanceId())) {
        perHost.computeIfAbsent(t.containerInstanceId(), k -> new ArrayList<>()).add(t);
      } else if (!(pass.host(t) == Pass.Host.DRAINING && t.running() && othersRemain(pass, t.containerInstanceId()))) {
        pass.stop(t);
      }
    }
    // One task per instance: should a second one appear, the best one stays.
    Comparator<ServiceTask> best = Comparator.comparing((ServiceTask t) -> !pass.isPrimary(t))
        .thenComparing(t -> !pass.healthy(t))
        .thenComparing(t -> !t.running())
        .thenComparing(ServiceTask::startedAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
        .thenComparing(ServiceTask::taskId);
    List<ServiceTask> onHosts = new ArrayList<>();
    for (List<ServiceTask> tasks : perHost.values()) {
      List<ServiceTask> sorted = tasks.stream().sorted(best).toList();
      onHosts.add(sorted.get(0));
      sorted.subList(1, sorted.size()).forEach(pass::stop);
    }
    List<ServiceTask> keepers = onHosts.stream().filter(pass::isPrimary).toList();
    List<ServiceTask> leavers = onHosts.stream().filter(t -> !pass.isPrimary(t)).toList();
    int total = onHosts.size();
    int healthy = (int) onHosts.stream().filter(pass::healthy).count();

    // An instance is free once no task of the service is still pending or running on it.
    Set<String> occupied = new HashSet<>();
    pass.tasks().stream().filter(ServiceTask::present).forEach(t -> occupied.add(t.containerInstanceId()));
    List<String> free = hosts.stream()
        .filter(h -> h.acceptsPlacements() && !occupied.contains(h.id()))
        .map(ContainerInstance::id)
        .toList();
    boolean canLaunch = ReplicaScheduler.launchesAllowed(pass);
    int room = Math.max(0, bounds.maxTotal() - total);
    List<String> starts = canLaunch ? free.subList(0, Math.min(room, free.size())) : List.of();
    pass.launch(starts.size(), starts);

    // a FAILED rollout replaces nothing, so nothing is held back by protection either
    boolean replacing = pass.primary().rolloutState() != RolloutState.FAILED;
    List<ServiceTask> replaceable = replacing ? StopOrder.deployable(pass, leavers) : leavers;
    if (replacing) {
      StopOrder.replace(pass, replaceable, healthy, bounds.minHealthy(), random);
    }

    boolean inFlight = onHosts.stream().anyMatch(t -> !pass.healthy(t));
    boolean workLeft = !replaceable.isEmpty() || !free.isEmpty();
    pass.deadlocked = canLaunch && workLeft && !inFlight && starts.isEmpty() && pass.stoppedTaskIds().isEmpty();

    long present = pass.tasks().stream().filter(ServiceTask::present).count();
    return keepers.size() == desired && present == desired && keepers.stream().allMatch(pass::healthy);
  }

  /**
   * Whether another service's task still holds resources on the instance. Daemon tasks are stopped
   * last, so a daemon waits for those, but not for standalone tasks (draining never moves them)
   * nor for other daemons.
   */
  private static boolean othersRemain(Pass pass, String instanceId) {
    ContainerInstance instance = pass.instance(instanceId);
    String own = pass.service().group();
    Set<String> daemons = pass.snapshot().daemonGroups();
    return instance != null && instance.taskGroups().anyMatch(g -> g != null && g.startsWith(Service.GROUP_PREFIX)
        && !g.equals(own) && !daemons.contains(g));
  }

  private DaemonScheduler() {}
}
