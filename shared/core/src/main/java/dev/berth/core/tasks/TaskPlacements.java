package dev.berth.core.tasks;

import dev.berth.core.instances.AgentWakeups;
import dev.berth.core.metrics.MetricNames;
import dev.berth.core.metrics.Metrics;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskDefinition;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.PlacementSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * Places a batch of tasks whose ids are chosen, one {@link TaskCommit} each, in one of two ways:
 * {@link #byStrategy} (RunTask, a REPLICA service: the engine chooses among the cluster's instances
 * by constraints and strategy) or {@link #onNamedInstances} (StartTask, a DAEMON service: task i
 * goes on instance i, only its resources checked). The caller's view of the cluster is kept current
 * with every reservation; a stale one only costs refused reservations, which refresh the instance
 * they name. A task id that already has a task (a retry with the same client token) is not placed
 * again.
 */
@Singleton
public final class TaskPlacements {
  private final TaskStore tasks;
  private final TaskCommit commit;
  private final PlacementEngine engine;
  private final Provider<RandomGenerator> random;
  private final Metrics metrics;
  private final AgentWakeups wakeups;

  @Inject
  public TaskPlacements(TaskStore tasks, TaskCommit commit, PlacementEngine engine, Provider<RandomGenerator> random,
      Metrics metrics, AgentWakeups wakeups) {
    this.tasks = tasks;
    this.commit = commit;
    this.engine = engine;
    this.random = random;
    this.metrics = metrics;
    this.wakeups = wakeups;
  }

  /** Places by the request's constraints and strategy; stops at the first task that fits nowhere. */
  public LaunchResult byStrategy(LaunchRequest request, TaskDefinition definition, Resources need,
      List<Constraint> constraints, List<String> taskIds, Collection<ContainerInstance> clusterView) {
    Batch batch = new Batch(request, definition, clusterView);
    PlacementRequest placement = new PlacementRequest(need, batch.group, constraints, request.placementStrategy(),
        Set.copyOf(definition.requiresAttributes()));
    PlacementSession session = engine.session(placement, batch.view.values());
    RandomGenerator rng = random.get();
    for (String taskId : taskIds) {
      if (batch.placedBefore(taskId)) {
        continue;
      }
      if (!batch.placeOn(taskId, placement, session, rng)) {
        break; // the view only shrinks within one call: the remaining tasks cannot fit either
      }
    }
    return batch.finish();
  }

  /** Places task i on {@code request.containerInstances()} i; no strategy and no constraints, only the resource checks. */
  public LaunchResult onNamedInstances(LaunchRequest request, TaskDefinition definition, Resources need,
      List<String> taskIds, Collection<ContainerInstance> clusterView) {
    Batch batch = new Batch(request, definition, clusterView);
    PlacementRequest placement = new PlacementRequest(need, batch.group, List.of(), List.of(),
        Set.copyOf(definition.requiresAttributes()));
    RandomGenerator rng = random.get();
    for (int i = 0; i < taskIds.size(); i++) {
      String taskId = taskIds.get(i);
      if (batch.placedBefore(taskId)) {
        continue;
      }
      String ref = request.containerInstances().get(i);
      ContainerInstance target = batch.view.get(Arns.resourceId("container-instance", ref, request.cluster()));
      if (target == null || ContainerInstance.INACTIVE.equals(target.status())) {
        String reason = target == null ? "MISSING" : "INACTIVE";
        batch.failures.putIfAbsent(ref + reason, new LaunchResult.Failure(ref, reason, null));
        continue;
      }
      batch.placeOn(taskId, placement, engine.session(placement, List.of(target)), rng);
    }
    return batch.finish();
  }

  /** One call's progress: the view, what was placed, what refused, and why the first unplaced task was. */
  private final class Batch {
    final LaunchRequest request;
    final TaskDefinition definition;
    final Map<String, ContainerInstance> view = new TreeMap<>();
    final String group;
    final List<Task> placed = new ArrayList<>();
    final Map<String, LaunchResult.Failure> failures = new LinkedHashMap<>();
    LaunchResult.Unplaced unplaced;

    Batch(LaunchRequest request, TaskDefinition definition, Collection<ContainerInstance> clusterView) {
      this.request = request;
      this.definition = definition;
      clusterView.forEach(ci -> view.put(ci.id(), ci));
      if (view.values().stream().allMatch(ci -> ContainerInstance.INACTIVE.equals(ci.status()))) {
        throw EcsException.invalidParameter("No Container Instances were found in your cluster.");
      }
      this.group = request.group() != null ? request.group() : "family:" + definition.family();
    }

    /** Whether an earlier attempt with the same client token placed this task already (then it counts as placed). */
    boolean placedBefore(String taskId) {
      Optional<Task> already = tasks.get(request.cluster(), taskId);
      already.ifPresent(placed::add);
      return already.isPresent();
    }

    /** Places one task from the session; false when no instance took it. */
    boolean placeOn(String taskId, PlacementRequest placement, PlacementSession session, RandomGenerator rng) {
      TaskCommit.Attempt attempt = commit.place(request, definition, placement, taskId, session, failures, rng);
      if (unplaced == null) {
        unplaced = attempt.unplaced();
      }
      attempt.task().ifPresent(t -> {
        placed.add(t);
        view.put(t.containerInstanceId(), session.get(t.containerInstanceId()));
      });
      return attempt.task().isPresent();
    }

    LaunchResult finish() {
      // one count per reason a launch met (ECS lists a failure per instance that refused)
      failures.values().stream().map(LaunchResult.Failure::reason).filter(Objects::nonNull).distinct()
          .forEach(reason -> metrics.count(MetricNames.PLACEMENT_FAILURES, 1,
              Metrics.dimensions("ClusterName", request.cluster(), "Reason", reason)));
      // the agents of the instances that were given tasks poll now instead of at their next interval
      wakeups.wake(request.cluster(), placed.stream().map(Task::containerInstanceId).toList());
      return new LaunchResult(placed, List.copyOf(failures.values()), unplaced);
    }
  }
}
