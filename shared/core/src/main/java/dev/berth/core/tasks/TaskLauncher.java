package dev.berth.core.tasks;

import dev.berth.core.clusters.Clusters;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.taskdefs.TaskDefinitions;
import dev.berth.model.EcsException;
import dev.berth.model.IdSource;
import dev.berth.model.Resources;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.TaskRequirements;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * RunTask and StartTask, a user's launches: checks the request as ECS does, resolves the task
 * definition, honours the client token, and hands the placement to {@link TaskPlacements} (RunTask
 * by strategy, StartTask on the instances it names). The service scheduler's launches go through
 * {@link ServiceTaskLauncher} instead.
 */
@Singleton
public final class TaskLauncher {
  private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9/_-]*");
  private static final int RUN_TASK_STARTED_BY = 128;
  private static final int START_TASK_STARTED_BY = 36;

  private final Clusters clusters;
  private final TaskDefinitions definitions;
  private final ContainerInstanceStore instances;
  private final TaskPlacements placements;
  private final ClientTokens tokens;
  private final IdSource ids;

  @Inject
  public TaskLauncher(Clusters clusters, TaskDefinitions definitions, ContainerInstanceStore instances,
      TaskPlacements placements, ClientTokens tokens, IdSource ids) {
    this.clusters = clusters;
    this.definitions = definitions;
    this.instances = instances;
    this.placements = placements;
    this.tokens = tokens;
    this.ids = ids;
  }

  public LaunchResult runTask(LaunchRequest request) {
    if (request.count() < 1 || request.count() > 10) {
      throw EcsException.invalidParameter("count must be between 1 and 10.");
    }
    Checked checked = check(request, RUN_TASK_STARTED_BY);
    List<Constraint> compiled = Placement.forTask(checked.definition(), request.placementConstraints());
    return once(checked.request(), request.count(), taskIds -> placements.byStrategy(checked.request(),
        checked.definition(), checked.need(), compiled, taskIds, instances.inCluster(request.cluster())));
  }

  public LaunchResult startTask(LaunchRequest request) {
    List<String> targets = request.containerInstances();
    if (targets == null || targets.isEmpty() || targets.size() > 10) {
      throw EcsException.invalidParameter("containerInstances must list between 1 and 10 container instances.");
    }
    Checked checked = check(request, START_TASK_STARTED_BY);
    return once(checked.request(), targets.size(), taskIds -> placements.onNamedInstances(checked.request(),
        checked.definition(), checked.need(), taskIds, instances.inCluster(request.cluster())));
  }

  /** A request that passed the checks: tagged, with its definition and what each task needs. */
  private record Checked(LaunchRequest request, TaskDefinition definition, Resources need) {}

  private Checked check(LaunchRequest request, int startedByLimit) {
    clusters.require(request.cluster());
    if (request.startedBy() != null
        && (request.startedBy().length() > startedByLimit || !STARTED_BY.matcher(request.startedBy()).matches())) {
      throw EcsException.invalidParameter("startedBy can have up to " + startedByLimit
          + " letters, numbers, hyphens, forward slashes and underscores.");
    }
    if (request.group() != null && (request.group().isEmpty() || request.group().length() > 255)) {
      throw EcsException.invalidParameter("group must be 1 to 255 characters long.");
    }
    TaskDefinition definition = definitions.resolve(request.taskDefinition());
    if (!definition.active()) {
      throw EcsException.invalidParameter("TaskDefinition is inactive");
    }
    validateOverrides(definition, request.overrides());
    LaunchRequest tagged = request.withTags(TaskTags.standalone(request.tagging(), definition, request.tags(),
        request.cluster()));
    return new Checked(tagged, definition, TaskRequirements.of(definition, request.overrides()));
  }

  /** Places with fresh task ids, or, under a client token, with the ids its first call chose. */
  private LaunchResult once(LaunchRequest request, int count, Function<List<String>, LaunchResult> place) {
    if (request.clientToken() == null) {
      List<String> fresh = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        fresh.add(ids.newId());
      }
      return place.apply(fresh);
    }
    return tokens.once(request, count, place);
  }

  private static void validateOverrides(TaskDefinition definition, TaskOverride overrides) {
    Set<String> names = new LinkedHashSet<>();
    definition.containerDefinitions().forEach(c -> names.add(c.name()));
    for (TaskOverride.ContainerOverride o : overrides.containerOverrides()) {
      boolean empty = o.command() == null && o.environment() == null && o.cpu() == null && o.memory() == null
          && o.memoryReservation() == null && o.gpu() == null;
      if (o.name() == null && empty) {
        continue; // ECS accepts an empty container override, and it changes nothing
      }
      if (o.name() == null || o.name().isBlank()) {
        throw EcsException.invalidParameter("name cannot be blank.");
      }
      if (!names.contains(o.name())) {
        throw EcsException.invalidParameter("Override for container named " + o.name()
            + " is not a container in the TaskDefinition.");
      }
      for (Integer v : new Integer[] {o.cpu(), o.memory(), o.memoryReservation()}) {
        if (v != null && v < 0) {
          throw EcsException.invalidParameter("Container overrides cannot be negative.");
        }
      }
    }
  }
}
