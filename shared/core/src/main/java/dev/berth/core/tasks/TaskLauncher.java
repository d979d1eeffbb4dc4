package dev.berth.core.tasks;

import dev.berth.core.clusters.Clusters;
import dev.berth.core.events.EcsEvents;
import dev.berth.core.instances.AgentWakeups;
import dev.berth.core.metrics.MetricNames;
import dev.berth.core.metrics.Metrics;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.core.taskdefs.TaskDefinitions;
import dev.berth.model.Arns;
import dev.berth.model.Container;
import dev.berth.model.ContainerDefinition;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.IdSource;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import dev.berth.model.TaskStatus;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.PlacementSession;
import dev.berth.scheduler.Strategy;
import dev.berth.scheduler.TaskRequirements;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * RunTask and StartTask. For each task: choose an instance from the current cluster view, reserve
 * on it with one conditional UpdateItem, and on a refused condition refresh that one instance from
 * the answer and choose again. Only after the reservation is the task item written.
 */
@Singleton
public final class TaskLauncher {
  private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9/_-]*");

  private final Clusters clusters;
  private final TaskDefinitions definitions;
  private final ContainerInstanceStore instances;
  private final TaskStore tasks;
  private final LedgerPlacer placer;
  private final PlacementEngine engine;
  private final ClientTokens tokens;
  private final IdSource ids;
  private final Clock clock;
  private final Arns arns;
  private final Provider<RandomGenerator> random;
  private final EcsEvents events;
  private final Metrics metrics;
  private final AgentWakeups wakeups;

  @Inject
  public TaskLauncher(Clusters clusters, TaskDefinitions definitions, ContainerInstanceStore instances, TaskStore tasks,
      LedgerPlacer placer, PlacementEngine engine, ClientTokens tokens, IdSource ids, Clock clock, Arns arns,
      Provider<RandomGenerator> random, EcsEvents events, Metrics metrics, AgentWakeups wakeups) {
    this.events = events;
    this.metrics = metrics;
    this.wakeups = wakeups;
    this.clusters = clusters;
    this.definitions = definitions;
    this.instances = instances;
    this.tasks = tasks;
    this.placer = placer;
    this.engine = engine;
    this.tokens = tokens;
    this.ids = ids;
    this.clock = clock;
    this.arns = arns;
    this.random = random;
  }

  public LaunchResult runTask(LaunchRequest request) {
    if (request.count() < 1 || request.count() > 10) {
      throw EcsException.invalidParameter("count must be between 1 and 10.");
    }
    return launch(request, 128);
  }

  public LaunchResult startTask(LaunchRequest request) {
    List<String> targets = request.containerInstances();
    if (targets == null || targets.isEmpty() || targets.size() > 10) {
      throw EcsException.invalidParameter("containerInstances must list between 1 and 10 container instances.");
    }
    return launch(request, 36);
  }

  private LaunchResult launch(LaunchRequest request, int startedByLimit) {
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
    Resources need = TaskRequirements.of(definition, request.overrides());
    List<Constraint> compiled = Placement.forTask(definition, request.placementConstraints());
    int count = request.containerInstances() == null ? request.count() : request.containerInstances().size();
    if (tagged.clientToken() == null) {
      return place(tagged, definition, need, compiled, freshIds(count), instances.inCluster(tagged.cluster()));
    }
    return tokens.once(tagged, count,
        taskIds -> place(tagged, definition, need, compiled, taskIds, instances.inCluster(tagged.cluster())));
  }

  /**
   * Launches a service's tasks (the reconciler carries out its plan through here): {@code taskIds}
   * chosen and recorded by the caller, the service's group and deployment id, its constraints and
   * strategies. With {@code containerInstanceIds} (a DAEMON service) one task goes on each named
   * instance, as StartTask does. Unlike RunTask there is no limit of ten, and a cluster without
   * instances is an unplaced result rather than an error. {@code clusterView} is the caller's
   * reading of the cluster's instances; a stale one only costs refused reservations, which refresh
   * the instances they name.
   */
  public LaunchResult launchForService(String cluster, TaskDefinition definition, List<String> taskIds, String group,
      String deploymentId, List<Constraint> serviceConstraints, List<Strategy> strategies,
      List<String> containerInstanceIds, Collection<ContainerInstance> clusterView, List<dev.berth.model.Tag> tags) {
    LaunchRequest request = new LaunchRequest(cluster, definition.family() + ":" + definition.revision(),
        taskIds.size(), group, deploymentId, TaskOverride.NONE, serviceConstraints, strategies, null, tags,
        containerInstanceIds, null, null);
    List<Constraint> compiled = Placement.forTask(definition, serviceConstraints);
    Resources need = TaskRequirements.of(definition, TaskOverride.NONE);
    if (clusterView.stream().allMatch(ci -> ContainerInstance.INACTIVE.equals(ci.status()))) {
      return new LaunchResult(List.of(), List.of(), new LaunchResult.Unplaced(null, null, null));
    }
    return place(request, definition, need, compiled, taskIds, clusterView);
  }

  private List<String> freshIds(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(ids.newId());
    }
    return out;
  }

  private LaunchResult place(LaunchRequest request, TaskDefinition definition, Resources need,
      List<Constraint> constraints, List<String> taskIds, Collection<ContainerInstance> clusterView) {
    String cluster = request.cluster();
    Map<String, ContainerInstance> view = new TreeMap<>();
    clusterView.forEach(ci -> view.put(ci.id(), ci));
    if (view.values().stream().allMatch(ci -> ContainerInstance.INACTIVE.equals(ci.status()))) {
      throw EcsException.invalidParameter("No Container Instances were found in your cluster.");
    }
    String group = request.group() != null ? request.group() : "family:" + definition.family();
    boolean startTask = request.containerInstances() != null;
    // StartTask names its instances: no strategy and no constraints, only the resource checks.
    Set<String> required = Set.copyOf(definition.requiresAttributes());
    PlacementRequest placement = startTask ? new PlacementRequest(need, group, List.of(), List.of(), required)
        : new PlacementRequest(need, group, constraints, request.placementStrategy(), required);
    RandomGenerator rng = random.get();
    PlacementSession session = startTask ? null : engine.session(placement, view.values());

    List<Task> placed = new ArrayList<>();
    Map<String, LaunchResult.Failure> failures = new LinkedHashMap<>();
    LaunchResult.Unplaced unplaced = null;
    for (int i = 0; i < taskIds.size(); i++) {
      String taskId = taskIds.get(i);
      Optional<Task> already = tasks.get(cluster, taskId);
      if (already.isPresent()) {
        // placed by an earlier attempt with the same client token
        placed.add(already.get());
        continue;
      }
      PlacementSession candidates;
      if (startTask) {
        String ref = request.containerInstances().get(i);
        String instanceId = Arns.resourceId("container-instance", ref, cluster);
        ContainerInstance target = view.get(instanceId);
        if (target == null || ContainerInstance.INACTIVE.equals(target.status())) {
          String reason = target == null ? "MISSING" : "INACTIVE";
          failures.putIfAbsent(ref + reason, new LaunchResult.Failure(ref, reason, null));
          continue;
        }
        candidates = engine.session(placement, List.of(target));
      } else {
        candidates = session;
      }
      Attempt attempt = placeOne(request, definition, placement, taskId, candidates, failures, rng);
      Optional<Task> task = attempt.task();
      if (unplaced == null) {
        unplaced = attempt.unplaced();
      }
      task.ifPresent(t -> {
        placed.add(t);
        view.put(t.containerInstanceId(), candidates.get(t.containerInstanceId()));
      });
      if (task.isEmpty() && !startTask) {
        break; // the view only shrinks within one call: the remaining tasks cannot fit either
      }
    }
    // one count per reason a launch met (ECS lists a failure per instance that refused)
    failures.values().stream().map(LaunchResult.Failure::reason).filter(java.util.Objects::nonNull).distinct()
        .forEach(reason -> metrics.count(MetricNames.PLACEMENT_FAILURES, 1,
            Metrics.dimensions("ClusterName", request.cluster(), "Reason", reason)));
    // the agents of the instances that were given tasks poll now instead of at their next interval
    wakeups.wake(cluster, placed.stream().map(Task::containerInstanceId).toList());
    return new LaunchResult(placed, List.copyOf(failures.values()), unplaced);
  }

  /** One task's placement: the task, or (when no instance could take it) why it found none. */
  private record Attempt(Optional<Task> task, LaunchResult.Unplaced unplaced) {
    static Attempt placed(Task task) {
      return new Attempt(Optional.of(task), null);
    }

    static final Attempt LOST = new Attempt(Optional.empty(), null);
  }

  private Attempt placeOne(LaunchRequest request, TaskDefinition definition, PlacementRequest placement,
      String taskId, PlacementSession session, Map<String, LaunchResult.Failure> failures,
      RandomGenerator rng) {
    LedgerPlacer.Outcome outcome = placer.place(request.cluster(), taskId, placement, session, rng);
    if (outcome.placed()) {
      // What the task holds is its reservation: the requirement plus the GPU ids chosen on the instance.
      Resources held = outcome.placedOn().reservations().get(taskId).resources();
      Task task = newTask(request, definition, held, taskId, placement.group(), outcome.placedOn());
      boolean created = tasks.create(task);
      // the task's event, then the instance's (its remaining resources changed)
      events.taskChanged(request.cluster(), taskId);
      events.instanceChanged(request.cluster(), outcome.placedOn().id());
      if (created) {
        return Attempt.placed(task);
      }
      Optional<Task> written = tasks.get(request.cluster(), taskId);
      if (written.isPresent()) {
        return Attempt.placed(written.get()); // an earlier attempt with the same client token wrote it
      }
      // Ledger repair decided this placement had died and released its reservation.
      failures.putIfAbsent(taskId, new LaunchResult.Failure(arns.containerInstance(request.cluster(),
          outcome.placedOn().id()), "PLACEMENT_RECLAIMED",
          "The placement did not finish within the repair grace period; its reservation was released."));
      return Attempt.LOST;
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
    Set<String> names = new java.util.HashSet<>();
    definition.containerDefinitions().stream().filter(ContainerDefinition::essential).forEach(c -> names.add(c.name()));
    return names;
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
