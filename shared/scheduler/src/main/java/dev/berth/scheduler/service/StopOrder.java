package dev.berth.scheduler.service;

import dev.berth.model.service.Deployment;
import dev.berth.scheduler.ScaleIn;
import dev.berth.scheduler.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** Which of a service's tasks go first when some must stop. */
final class StopOrder {

  /**
   * Pending tasks, then running ones not yet healthy, then healthy ones: stopping the first two
   * kinds does not lower the healthy count. Inside each kind, the scale-in order of the service's
   * placement strategies (or ECS's default).
   */
  static List<ServiceTask> unhealthyFirst(Pass pass, List<ServiceTask> tasks, RandomGenerator random) {
    Map<Integer, List<ServiceTask>> kinds = tasks.stream().collect(Collectors.groupingBy(
        t -> t.pending() ? 0 : pass.healthy(t) ? 2 : 1, TreeMap::new, Collectors.toList()));
    List<ServiceTask> out = new ArrayList<>(tasks.size());
    kinds.values().forEach(kind -> out.addAll(scaleInOrder(pass, kind, random)));
    return out;
  }

  /**
   * The tasks to be replaced that a deployment may stop: all of those on draining or vanished
   * instances, and of the others those without scale-in protection.
   */
  static List<ServiceTask> deployable(Pass pass, List<ServiceTask> leavers) {
    List<ServiceTask> onActive = leavers.stream().filter(t -> pass.host(t) == Pass.Host.ACTIVE).toList();
    List<ServiceTask> out = new ArrayList<>(pass.withoutProtected(onActive));
    leavers.stream().filter(t -> pass.host(t) != Pass.Host.ACTIVE).forEach(out::add);
    return out;
  }

  /**
   * Stops tasks of older deployments, and tasks on instances that are draining or gone, as the
   * floor allows: every one that is not healthy (which costs no healthy task), then up to
   * {@code healthy - minHealthy} healthy ones, those on draining or gone instances first, then
   * the oldest deployment's.
   */
  static void replace(Pass pass, List<ServiceTask> leavers, int healthy, int minHealthy, RandomGenerator random) {
    List<ServiceTask> unhealthy = leavers.stream().filter(t -> !pass.healthy(t)).toList();
    unhealthyFirst(pass, unhealthy, random).forEach(pass::stop);
    int budget = healthy - minHealthy;
    if (budget <= 0) {
      return;
    }
    Comparator<ServiceTask> order = Comparator
        .comparing((ServiceTask t) -> pass.host(t) == Pass.Host.ACTIVE)
        .thenComparing(t -> pass.deployment(t.deploymentId()).map(Deployment::createdAt).orElse(Instant.MIN),
            Comparator.nullsFirst(Comparator.naturalOrder()));
    Map<String, List<ServiceTask>> groups = new LinkedHashMap<>();
    leavers.stream().filter(pass::healthy).sorted(order).forEach(t -> groups
        .computeIfAbsent((pass.host(t) == Pass.Host.ACTIVE) + "/" + t.deploymentId(), k -> new ArrayList<>()).add(t));
    int stopped = 0;
    for (List<ServiceTask> group : groups.values()) {
      for (ServiceTask t : scaleInOrder(pass, group, random)) {
        if (stopped == budget) {
          return;
        }
        pass.stop(t);
        stopped++;
      }
    }
  }

  /** The tasks in ECS's scale-in order ({@link ScaleIn}) for the service's strategies. */
  static List<ServiceTask> scaleInOrder(Pass pass, List<ServiceTask> tasks, RandomGenerator random) {
    if (tasks.size() < 2) {
      return tasks;
    }
    Map<String, ServiceTask> byId = new LinkedHashMap<>();
    tasks.forEach(t -> byId.put(t.taskId(), t));
    List<Strategy> strategies = Strategy.parseAll(pass.service().placementStrategy()); // as stored: ECS's form
    return ScaleIn.tasksToStopAmong(pass.instances(), byId.keySet(), strategies, byId.size(), random).stream()
        .map(byId::get).toList();
  }

  private StopOrder() {}
}
