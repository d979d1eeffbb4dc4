package dev.berth.core.tasks;

import dev.berth.core.events.EcsEvents;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.Container;
import dev.berth.model.ContainerDefinition;
import dev.berth.model.ContainerInstance;
import dev.berth.model.IdSource;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import dev.berth.model.TaskStatus;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.PlacementSession;
import dev.berth.scheduler.TaskRequirements;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The two writes of one task's placement (the rule is {@link dev.berth.core.ledger.Ledger}'s): the
 * reservation on an instance chosen from the session ({@link LedgerPlacer}), then the task item under
 * the id chosen before it. Answers the task, or why no instance took it.
 */
@Singleton
public final class TaskCommit {
  private final TaskStore tasks;
  private final LedgerPlacer placer;
  private final IdSource ids;
  private final Clock clock;
  private final Arns arns;
  private final EcsEvents events;

  @Inject
  public TaskCommit(TaskStore tasks, LedgerPlacer placer, IdSource ids, Clock clock, Arns arns, EcsEvents events) {
    this.tasks = tasks;
    this.placer = placer;
    this.ids = ids;
    this.clock = clock;
    this.arns = arns;
    this.events = events;
  }

  /** One task's placement: the task, or (when no instance could take it) why it found none. */
  public record Attempt(Optional<Task> task, LaunchResult.Unplaced unplaced) {
    static Attempt placed(Task task) {
      return new Attempt(Optional.of(task), null);
    }

    static final Attempt LOST = new Attempt(Optional.empty(), null);
  }

  /** Places one task; what refused it goes into {@code failures} (one entry per instance and reason). */
  public Attempt place(LaunchRequest request, TaskDefinition definition, PlacementRequest placement, String taskId,
      PlacementSession session, Map<String, LaunchResult.Failure> failures, RandomGenerator rng) {
    LedgerPlacer.Outcome outcome = placer.place(request.cluster(), taskId, placement, session, rng);
    if (outcome.placed()) {
      return written(request, definition, placement, taskId, outcome.placedOn(), failures);
    }
    for (PlacementEngine.Rejection r : outcome.rejections()) {
      String arn = arns.containerInstance(request.cluster(), r.instance().id());
      failures.putIfAbsent(arn + r.reason(), new LaunchResult.Failure(arn, r.reason(), null));
    }
    if (outcome.constraintFailure() != null) {
      failures.putIfAbsent(outcome.constraintFailure(), new LaunchResult.Failure(null, outcome.constraintFailure(), null));
    } else if (outcome.rejections().isEmpty()) {
      failures.putIfAbsent("contention", new LaunchResult.Failure(null, "RESOURCE:CPU",
          "The task could not be placed after " + LedgerPlacer.ATTEMPTS_PER_TASK + " attempts under contention."));
    }
    var closest = new PlacementEngine.Decision(null, outcome.rejections(), outcome.constraintFailure()).closest();
    return new Attempt(Optional.empty(), new LaunchResult.Unplaced(closest.map(r -> r.instance().id()).orElse(null),
        closest.map(PlacementEngine.Rejection::reason).orElse(null), outcome.constraintFailure()));
  }

  /** The second write: the task item, after its reservation on {@code placedOn}. */
  private Attempt written(LaunchRequest request, TaskDefinition definition, PlacementRequest placement, String taskId,
      ContainerInstance placedOn, Map<String, LaunchResult.Failure> failures) {
    // What the task holds is its reservation: the requirement plus the GPU ids chosen on the instance.
    Resources held = placedOn.reservations().get(taskId).resources();
    Task task = newTask(request, definition, held, taskId, placement.group(), placedOn);
    boolean created = tasks.create(task);
    // the task's event, then the instance's (its remaining resources changed)
    events.taskChanged(request.cluster(), taskId);
    events.instanceChanged(request.cluster(), placedOn.id());
    if (created) {
      return Attempt.placed(task);
    }
    Optional<Task> earlier = tasks.get(request.cluster(), taskId);
    if (earlier.isPresent()) {
      return Attempt.placed(earlier.get()); // an earlier attempt with the same client token wrote it
    }
    // Ledger repair decided this placement had died and released its reservation.
    failures.putIfAbsent(taskId, new LaunchResult.Failure(arns.containerInstance(request.cluster(), placedOn.id()),
        "PLACEMENT_RECLAIMED",
        "The placement did not finish within the repair grace period; its reservation was released."));
    return Attempt.LOST;
  }

  private Task newTask(LaunchRequest request, TaskDefinition definition, Resources need, String taskId, String group,
      ContainerInstance instance) {
    var now = clock.instant();
    List<Container> containers = new ArrayList<>();
    // The task's GPU ids go to its containers in definition order, each taking as many as it needs.
    java.util.Iterator<String> gpus = new java.util.TreeSet<>(need.gpuIds()).iterator();
    for (ContainerDefinition c : definition.containerDefinitions()) {
      TaskOverride.ContainerOverride o = request.overrides().forContainer(c.name());
      List<String> gpuIds = new ArrayList<>();
      for (int g = TaskRequirements.gpus(c, o); g > 0 && gpus.hasNext(); g--) {
        gpuIds.add(gpus.next());
      }
      containers.add(new Container(ids.newId(), c.name(), c.image(), null, TaskStatus.PENDING.name(), null, null,
          List.of(), o != null && o.cpu() != null ? o.cpu() : c.cpu(),
          o != null && o.memory() != null ? o.memory() : c.memory(),
          o != null && o.memoryReservation() != null ? o.memoryReservation() : c.memoryReservation(), gpuIds,
          c.healthChecked() ? TaskHealth.UNKNOWN : null));
    }
    return new Task(request.cluster(), taskId, definition.family(), definition.revision(), instance.id(),
        instance.attribute("ecs.availability-zone"), TaskStatus.PENDING.name(), TaskStatus.RUNNING.name(), need,
        containers, request.overrides(), request.startedBy(), group, now, null, null, null, null, null, null, null,
        null, 1, request.tags(), TaskHealth.derive(containers, essentialNames(definition)));
  }

  private static Set<String> essentialNames(TaskDefinition definition) {
    Set<String> names = new HashSet<>();
    definition.containerDefinitions().stream().filter(ContainerDefinition::essential).forEach(c -> names.add(c.name()));
    return names;
  }
}
