package dev.berth.core.services;

import dev.berth.core.events.EcsEvents;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.core.taskdefs.TaskDefinitions;
import dev.berth.core.tasks.ClusterViews;
import dev.berth.core.tasks.LaunchResult;
import dev.berth.core.tasks.Placement;
import dev.berth.core.tasks.ServiceTaskLauncher;
import dev.berth.core.tasks.Tasks;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.IdSource;
import dev.berth.model.Task;
import dev.berth.model.TaskDefinition;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceHistory;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.scheduler.DefaultStrategies;
import dev.berth.scheduler.service.ServiceEvents;
import dev.berth.scheduler.service.ServicePlan;
import dev.berth.scheduler.service.ServicePlanner;
import dev.berth.scheduler.service.ServiceSnapshot;
import dev.berth.scheduler.service.ServiceTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * One reconcile of one service: take the service's lease, read what the planner needs, plan, carry
 * the plan out (stops, then launches through the same placement and ledger path as RunTask), and
 * save. The lease is what keeps two reconciles of one service from acting at once; a trigger that
 * arrives meanwhile makes the holder read again and make another pass before letting go.
 *
 * <p>Each save records the wakeup count its pass read, and a trigger's message whose count a saved
 * pass has reached makes no pass at all: a burst of triggers (a DAEMON service's thousands of tasks
 * starting) costs a pass per lease rather than one per trigger. A pass that dies before it saves
 * records nothing, so the triggers it would have covered still count once its lease runs out.
 */
@Singleton
public final class ServiceReconciler {
  private static final Logger LOG = Logger.getLogger(ServiceReconciler.class.getName());
  /**
   * How long a pass holds its service past the lease's last renewal: how long a pass that died keeps
   * the sweep's passes out. A pass may outlive its lease (the reconciler's timeout is 60 s): its
   * writes to the service are conditional on still holding it, its launches are recorded on the
   * service before they are placed (and a later pass tombstones an id it does not find), and its
   * target records are fenced by the lease's number. Its stops and its load balancer calls are not:
   * see {@link #ACT_WITHIN}.
   */
  public static final Duration LEASE = Duration.ofSeconds(45);
  /**
   * A pass stops a task or calls a load balancer only within this long of its lease's last renewal
   * by its own clock, and renews first otherwise. The rest of the lease (30 s) is the margin for
   * another process's clock being ahead of this one's (the simulation steps clocks by up to 20 s).
   */
  static final Duration ACT_WITHIN = Duration.ofSeconds(15);
  /** Passes one reconcile makes at most while triggers keep arriving; the rest falls to the next message. */
  static final int MAX_PASSES = 5;

  private final ServiceStore services;
  private final TaskStore tasks;
  private final ContainerInstanceStore instances;
  private final ClusterViews views;
  private final TaskDefinitions definitions;
  private final ServiceTaskLauncher launcher;
  private final Tasks taskOps;
  private final ServiceTimers timers;
  private final ServiceTargets targets;
  private final IdSource ids;
  private final Clock clock;
  private final Provider<RandomGenerator> random;

  private final EcsEvents events;

  @Inject
  public ServiceReconciler(ServiceStore services, TaskStore tasks, ContainerInstanceStore instances,
      ClusterViews views, TaskDefinitions definitions, ServiceTaskLauncher launcher, Tasks taskOps, ServiceTimers timers, ServiceTargets targets,
      IdSource ids, Clock clock, Provider<RandomGenerator> random, EcsEvents events) {
    this.targets = targets;
    this.events = events;
    this.services = services;
    this.tasks = tasks;
    this.instances = instances;
    this.views = views;
    this.definitions = definitions;
    this.launcher = launcher;
    this.taskOps = taskOps;
    this.timers = timers;
    this.ids = ids;
    this.clock = clock;
    this.random = random;
  }

  /** What a reconcile did; {@code passed}: nothing, as a pass saved since had seen its trigger. */
  public record Outcome(boolean held, boolean passed, int passes, int launched, int stopped, boolean steady) {
    static final Outcome BUSY = new Outcome(false, false, 0, 0, 0, false);
    static final Outcome PASSED = new Outcome(false, true, 0, 0, 0, false);

    Outcome(boolean held, int passes, int launched, int stopped, boolean steady) {
      this(held, false, passes, launched, stopped, steady);
    }
  }

  /** A reconcile for a message without a trigger's count (the sweep's, a timer's): it always passes. */
  public Outcome reconcile(String cluster, String name) {
    return reconcile(cluster, name, ServiceStore.NO_WAKEUP);
  }

  /** A reconcile for a trigger's message, unnecessary once a saved pass has read {@code wakeups}. */
  public Outcome reconcile(String cluster, String name, long wakeups) {
    String owner = "pass-" + ids.newId();
    Instant now = clock.instant();
    ServiceStore.Acquired acquired = services.acquireUnlessPassed(cluster, name, wakeups, owner, now, now.plus(LEASE));
    if (acquired.passed()) {
      return Outcome.PASSED;
    }
    if (acquired.held().isEmpty()) {
      return Outcome.BUSY; // another pass holds it and will see this trigger's wakeup; or it is gone
    }
    ServiceStore.Held held = acquired.held().get();
    Lease lease = new Lease(cluster, name, owner, now);
    int launched = 0;
    int stopped = 0;
    for (int pass = 1; ; pass++) {
      Optional<Pass> done = pass(held.state(), lease, held.lease());
      if (done.isEmpty()) {
        return new Outcome(true, pass, launched, stopped, false); // lease lost mid-pass
      }
      Pass result = done.get();
      launched += result.launched;
      stopped += result.stopped;
      Instant dueAt = result.dueAt;
      boolean lastPass = pass >= MAX_PASSES;
      // recorded as passed: every trigger up to held.wakeups() was written before this pass read the tasks
      ServiceStore.Saved saved = services.save(result.next, owner, held.wakeups(),
          lastPass && dueAt == null ? clock.instant() : dueAt, true);
      if (saved == ServiceStore.Saved.LEASE_LOST) {
        LOG.warning("service " + cluster + "/" + name + ": lease ran out during a pass; its result was not saved");
        return new Outcome(true, pass, launched, stopped, false);
      }
      services.forgetTaskIds(cluster, name, result.forgotten); // counted by the state just saved
      events.serviceChanged(cluster, name); // what this pass logged, and the change that woke it
      if (saved == ServiceStore.Saved.RELEASED) {
        timers.remind(cluster, name, dueAt, clock.instant());
        return new Outcome(true, pass, launched, stopped, result.steady);
      }
      if (lastPass) {
        services.release(cluster, name, owner); // still due: the sweep or the next trigger goes on
        return new Outcome(true, pass, launched, stopped, false);
      }
      Instant again = clock.instant();
      Optional<ServiceStore.Held> reread = services.acquireAgain(cluster, name, owner, again.plus(LEASE));
      if (reread.isEmpty()) {
        return new Outcome(true, pass, launched, stopped, false);
      }
      lease.renewedAt = again;
      held = reread.get();
    }
  }

  /**
   * One pass's result: the state to save, the task ids it no longer needs to know, when the service
   * is next due (null: steady), and what it did.
   */
  private record Pass(ServiceState next, Set<String> forgotten, Instant dueAt, int launched, int stopped,
      boolean steady) {}

  /** What a pass's launches did: the tasks started per deployment, and the events they call for. */
  private record Launched(Map<String, List<String>> byDeployment, List<ServiceEvent> newestFirst, boolean unplaced) {
    int count() {
      return byDeployment.values().stream().mapToInt(List::size).sum();
    }
  }

  /** A pass's hold on its service, and when (by this process's clock) it was last taken or renewed. */
  private final class Lease {
    private final String cluster;
    private final String name;
    private final String owner;
    private Instant renewedAt;

    Lease(String cluster, String name, String owner, Instant takenAt) {
      this.cluster = cluster;
      this.name = name;
      this.owner = owner;
      this.renewedAt = takenAt;
    }

    /** Whether the pass may act now: within {@link #ACT_WITHIN} of a renewal, renewing if need be. */
    boolean fresh() {
      Instant now = clock.instant();
      if (now.isBefore(renewedAt.plus(ACT_WITHIN))) {
        return true;
      }
      if (!services.renew(cluster, name, owner, now.plus(LEASE))) {
        return false;
      }
      renewedAt = now;
      return true;
    }
  }

  /** Empty when the lease was lost half-way (nothing is saved then). */
  private Optional<Pass> pass(ServiceState state, Lease hold, long lease) {
    String owner = hold.owner;
    Service service = state.service();
    String cluster = service.cluster();
    Instant now = clock.instant();
    Map<String, Task> found = tasks.getAll(cluster, state.taskIds());
    for (String id : state.taskIds()) {
      if (!found.containsKey(id)) {
        // A launch recorded but never written (its pass died or its placement failed): claim the id
        // so that no late write can bring it back, and forget it.
        tasks.createTombstone(cluster, id, "none", now);
      }
    }
    // What the plan decides from is read now, never from an older reading: a DAEMON service's plan
    // covers every instance of the cluster; a REPLICA service's needs only the instances its tasks
    // are on (DRAINING or deregistered ones are replaced). Launches place on ClusterViews' reading.
    ClusterViews.Reading daemonReading = service.daemon() ? views.read(cluster) : null;
    List<ContainerInstance> clusterInstances = daemonReading != null ? daemonReading.instances()
        : List.copyOf(instances.getAll(cluster, hostsOf(found.values())).values());
    // Tasks left on an instance deregistered with force are orphans: ECS no longer tracks them and
    // the service starts replacements. So the plan does not see them, and the service forgets them
    // (they are not in the ids it keeps below); they are not stopped, as nothing could stop them.
    Set<String> deregistered = new HashSet<>();
    clusterInstances.stream().filter(ci -> ContainerInstance.INACTIVE.equals(ci.status()))
        .forEach(ci -> deregistered.add(ci.id()));
    found.values().removeIf(t -> !t.stopped() && deregistered.contains(t.containerInstanceId()));
    Set<String> daemonGroups = service.daemon() ? daemonGroups(cluster) : Set.of();
    ServiceTargets.Round lb = targets.begin(state, found, clusterInstances, now, owner, lease, hold::fresh);
    List<ServiceTask> views = found.values().stream()
        .map(t -> ServiceTask.of(t).withTargetHealth(lb.health(t.id()), lb.failingTargetGroup(t.id())))
        .toList();
    ServicePlan plan = new ServicePlanner(ids, random.get()).plan(new ServiceSnapshot(
        withEvents(service, unhealthyEvents(service, views, lb, now), now), state.deployments(), views,
        clusterInstances, daemonGroups, now));

    // Registered tasks leave their target groups and drain first (one whose deregistration failed
    // waits for the next pass); the others stop at once.
    Set<String> draining = new HashSet<>(lb.deactivate(plan.stops()));
    int stopped = draining.size();
    for (ServicePlan.TaskStop stop : plan.stops()) {
      if (draining.contains(stop.taskId()) || lb.isRegistered(stop.taskId())) {
        continue;
      }
      if (!hold.fresh()) {
        return Optional.empty(); // another pass may have the service by now: it makes its own stops
      }
      if (taskOps.stopFor(cluster, stop.taskId(), stop.stopCode(), stop.reason()).isPresent()) {
        stopped++;
      }
    }
    Optional<Launched> launched = launchAll(service, plan.launches(), daemonReading, owner, now);
    if (launched.isEmpty()) {
      return Optional.empty();
    }
    if (!lb.finish(Set.copyOf(plan.stoppedTaskIds()))) {
      return Optional.empty();
    }
    // The service forgets the tasks this plan saw stopped (it has counted them) and learns the new ones.
    Set<String> keep = new HashSet<>(found.keySet());
    found.values().stream().filter(Task::stopped).map(Task::id).forEach(keep::remove);
    launched.get().byDeployment().values().forEach(keep::addAll);
    List<Deployment> deployments = new ArrayList<>(plan.deployments());
    launched.get().byDeployment().forEach((id, started) ->
        // the plan counted the tasks it saw; the ones just started are PENDING on top of those
        deployments.replaceAll(d -> d.id().equals(id)
            ? d.withTaskCounts(d.pendingCount() + started.size(), d.runningCount()) : d));
    Service after = withEvents(withEvents(plan.service(), launched.get().newestFirst(), now),
        lbEvents(lb.events(), now), now);
    boolean inactive = after.status() == ServiceStatus.INACTIVE;
    var rollback = plan.rollbackDeployment();
    ServiceHistory history = state.history().observed(deployments,
        rollback.map(ServicePlan.Rollback::failedDeploymentId).orElse(null),
        rollback.map(ServicePlan.Rollback::deployment).orElse(null),
        rollback.map(ServicePlan.Rollback::toDeploymentId).orElse(null), now);
    ServiceState next = new ServiceState(after, ServiceState.retained(deployments), inactive ? Set.of() : keep,
        state.fingerprint(), history, lb.registered());
    boolean planned = plan.steadyState() && plan.launches().isEmpty() && plan.stops().isEmpty()
        && !launched.get().unplaced();
    boolean steady = inactive && lb.registered().isEmpty() || planned && lb.settled();
    Instant dueAt = steady ? null : planned ? Objects.requireNonNullElse(lb.dueAt(), now)
        : earliest(ServiceTimers.nextDue(after, views, now), lb.dueAt(), now);
    Set<String> forgotten = new HashSet<>(state.taskIds());
    forgotten.removeAll(next.taskIds());
    return Optional.of(new Pass(next, forgotten, dueAt, launched.get().count(), stopped, steady));
  }

  /**
   * Places the plan's launches, each task id recorded on the service before its placement; empty
   * if the lease was lost meanwhile.
   */
  private Optional<Launched> launchAll(Service service, List<ServicePlan.TaskLaunch> launches,
      ClusterViews.Reading daemonReading, String owner, Instant now) {
    Map<String, List<String>> byDeployment = new java.util.LinkedHashMap<>();
    List<ServiceEvent> events = new ArrayList<>();
    boolean unplaced = false;
    for (ServicePlan.TaskLaunch launch : launches) {
      List<String> newIds = new ArrayList<>();
      for (int i = 0; i < launch.count(); i++) {
        newIds.add(ids.newId());
      }
      if (!services.addTaskIds(service.cluster(), service.name(), owner, Set.copyOf(newIds))) {
        return Optional.empty();
      }
      LaunchResult result;
      if (daemonReading != null) {
        result = launch(service, launch, newIds, daemonReading.instances());
      } else {
        ClusterViews.Reading reading = views.current(service.cluster());
        result = launch(service, launch, newIds, reading.instances());
        if (result.unplaced() != null && reading.readAt().isBefore(now)) {
          // Placed on an older reading: what was freed or registered since may take the rest.
          Set<String> placed = new HashSet<>();
          result.tasks().forEach(t -> placed.add(t.id()));
          List<String> rest = newIds.stream().filter(id -> !placed.contains(id)).toList();
          LaunchResult more = launch(service, launch, rest, views.readSince(service.cluster(), now).instances());
          List<Task> all = new ArrayList<>(result.tasks());
          all.addAll(more.tasks());
          result = new LaunchResult(all, more.failures(), more.unplaced());
        }
      }
      List<String> started = result.tasks().stream().map(Task::id).toList();
      byDeployment.computeIfAbsent(launch.deploymentId(), k -> new ArrayList<>()).addAll(started);
      for (List<String> named : ServiceEvents.inEvents(started)) {
        events.add(0, event(ServiceEvents.startedTasks(service.name(), named), now));
      }
      if (result.unplaced() != null) {
        unplaced = true;
        events.add(0, event(unableToPlace(service.name(), result.unplaced()), now));
      }
    }
    return Optional.of(new Launched(byDeployment, events, unplaced));
  }

  private LaunchResult launch(Service service, ServicePlan.TaskLaunch launch, List<String> taskIds,
      List<ContainerInstance> clusterInstances) {
    TaskDefinition definition;
    try {
      definition = definitions.resolve(launch.taskDefinition().toString());
    } catch (EcsException gone) {
      return new LaunchResult(List.of(), List.of(),
          new LaunchResult.Unplaced(null, null, "The task definition " + launch.taskDefinition() + " was not found."));
    }
    List<String> targets = launch.containerInstanceIds().isEmpty() ? null : launch.containerInstanceIds();
    return launcher.launch(service.cluster(), definition, taskIds, service.group(), launch.deploymentId(),
        Placement.constraints(service.placementConstraints()),
        service.daemon() ? List.of() : DefaultStrategies.forReplicaService(Placement.strategies(service.placementStrategy())),
        targets,
        clusterInstances, dev.berth.core.tasks.TaskTags.forService(service, definition));
  }

  private static String unableToPlace(String service, LaunchResult.Unplaced unplaced) {
    if (unplaced.constraintFailure() != null) {
      return ServiceEvents.unableToPlaceBecause(service, unplaced.constraintFailure());
    }
    return ServiceEvents.unableToPlace(service, unplaced.closestInstanceId(), unplaced.reason());
  }

  private ServiceEvent event(String message, Instant now) {
    return new ServiceEvent(ServiceEvents.eventId(ids.newId()), now, message);
  }

  /** The launch events on top of the plan's, each left out if it repeats the newest event (ECS's rule). */
  private static Service withEvents(Service service, List<ServiceEvent> newestFirst, Instant now) {
    Service out = service;
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      ServiceEvent e = newestFirst.get(i);
      if (!ServiceEvents.suppressed(e.message(), out.events(), now)) {
        out = out.withEventsAdded(List.of(e));
      }
    }
    return out;
  }

  /**
   * The sooner of two due times; {@code now} from {@link ServiceTimers#nextDue} (due at the next
   * sweep: no known time) stays, so a plan still at work is looked at every minute.
   */
  private static Instant earliest(Instant timers, Instant targets, Instant now) {
    return targets == null || timers.equals(now) || timers.isBefore(targets) ? timers : targets;
  }

  /** ECS's event for each target reported unhealthy past its grace period: its task is about to be replaced. */
  private List<ServiceEvent> unhealthyEvents(Service service, List<ServiceTask> views, ServiceTargets.Round lb,
      Instant now) {
    Duration grace = Duration.ofSeconds(service.healthCheckGracePeriodSeconds());
    List<ServiceEvent> out = new ArrayList<>();
    Map<String, ServiceTargets.Unhealthy> unhealthy = lb.unhealthy();
    for (ServiceTask v : views) {
      ServiceTargets.Unhealthy u = unhealthy.get(v.taskId());
      if (u != null && v.failingLoadBalancer() && v.live() && !v.inGracePeriod(now, grace)) {
        out.add(0, event(ServiceEvents.unhealthyTarget(service.name(), u.taskId(), u.target().id(), u.target().port(),
            u.target().targetGroupArn(), u.reason()), now));
      }
    }
    return out;
  }

  private List<ServiceEvent> lbEvents(List<String> oldestFirst, Instant now) {
    List<ServiceEvent> out = new ArrayList<>();
    oldestFirst.forEach(m -> out.add(0, event(m, now)));
    return out;
  }

  /** The instances the service's live tasks are on. */
  private static Set<String> hostsOf(java.util.Collection<Task> tasks) {
    Set<String> hosts = new java.util.TreeSet<>();
    tasks.stream().filter(t -> !t.stopped() && t.containerInstanceId() != null)
        .forEach(t -> hosts.add(t.containerInstanceId()));
    return hosts;
  }

  private Set<String> daemonGroups(String cluster) {
    Set<String> groups = new HashSet<>();
    services.daemons(cluster).forEach(name -> groups.add(Service.GROUP_PREFIX + name));
    return groups;
  }
}
