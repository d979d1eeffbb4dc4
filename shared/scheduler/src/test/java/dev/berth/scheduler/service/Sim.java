package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.model.ContainerInstance;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.TaskDefinitionRevision;
import dev.berth.scheduler.DefaultStrategies;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A small cluster and one service, driven the way the reconciler drives the planner: each step
 * plans, carries the plan out (stops become desiredStatus STOPPED; launches are placed with the
 * real placement engine, or on the named instances for a daemon, and announced with a "has
 * started" event), then moves time on by 45 s while the agents report: stopping tasks stop,
 * pending tasks reach RUNNING (or fail to start, for a failing revision), and tasks with health
 * checks report their health. After every change it
 * checks the service's bounds: never more than maxTotal tasks, and once the healthy count has
 * reached minHealthy, never below it.
 */
final class Sim {
  static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  static final Duration STEP = Duration.ofSeconds(45);
  static final String NAME = "web";
  static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  final Map<String, ContainerInstance> instances = new TreeMap<>();
  final Map<String, SimTask> tasks = new LinkedHashMap<>();
  final Map<String, Deployment> deployments = new LinkedHashMap<>();
  final Set<Integer> failingRevisions = new HashSet<>();
  /**
   * Revisions whose tasks have container health checks: such a task reports UNKNOWN when it
   * reaches RUNNING and, a step later, the health the supplier gives (asked once per task).
   */
  final Map<Integer, Supplier<String>> checkedRevisions = new HashMap<>();
  final List<ServicePlan> plans = new ArrayList<>();
  /** How many tasks the cluster took at each step. */
  final List<Integer> placedPerStep = new ArrayList<>();
  final PlacementEngine engine = new PlacementEngine();
  final SplittableRandom random = new SplittableRandom(42);
  Set<String> daemonGroups = Set.of();
  Service service;
  Instant now = T0;
  ServicePlanner planner;
  final BoundsWatch bounds = new BoundsWatch();
  private long eventSeq;
  private long deploymentSeq;
  private int taskSeq;

  Sim() {
    planner = new ServicePlanner(() -> String.format("%032x", ++eventSeq), new SplittableRandom(7));
  }

  // ---- building the cluster and the service ----

  /** {@code count} ACTIVE instances ci-1..ci-N over three zones, {@code slots} tasks each. */
  Sim instances(int count, int slots) {
    for (int i = 1; i <= count; i++) {
      addInstance("ci-" + i, ZONES.get((i - 1) % ZONES.size()), slots, Map.of());
    }
    return this;
  }

  Sim addInstance(String id, String zone, int slots, Map<String, String> attributes) {
    instances.put(id, Ledger.instance(id, zone, slots, ContainerInstance.ACTIVE, true, attributes));
    return this;
  }

  static TaskDefinitionRevision td(int revision) {
    return new TaskDefinitionRevision("web", revision);
  }

  String nextDeploymentId() {
    return String.format("ecs-svc/%019d", 1_000_000_000_000_000_000L + ++deploymentSeq);
  }

  /** A REPLICA service on web:1 whose first deployment has completed (no tasks yet). */
  Sim replica(int desired, int minPercent, int maxPercent) {
    return service(SchedulingStrategy.REPLICA, desired,
        new DeploymentConfiguration(maxPercent, minPercent, DeploymentCircuitBreaker.DISABLED));
  }

  Sim daemon() {
    return service(SchedulingStrategy.DAEMON, 0, DeploymentConfiguration.DAEMON_DEFAULT);
  }

  Sim service(SchedulingStrategy strategy, int desired, DeploymentConfiguration configuration) {
    service = new Service("default", NAME, ServiceStatus.ACTIVE, td(1), desired, strategy, configuration, List.of(),
        List.of(), T0.minus(Duration.ofDays(1)), 1, List.of(), null, List.of());
    Deployment first = Deployment.start(nextDeploymentId(), td(1), desired, T0.minus(Duration.ofDays(1)));
    deployments.put(first.id(), first.withRollout(RolloutState.COMPLETED, "ECS deployment " + first.id() + " completed."));
    return this;
  }

  Sim breaker(boolean rollback) {
    DeploymentConfiguration c = service.deploymentConfiguration();
    return configure(new DeploymentConfiguration(c.maximumPercent(), c.minimumHealthyPercent(),
        new DeploymentCircuitBreaker(true, rollback)));
  }

  Sim configure(DeploymentConfiguration configuration) {
    service = new Service(service.cluster(), service.name(), service.status(), service.taskDefinition(),
        service.desiredCount(), service.schedulingStrategy(), configuration, service.placementConstraints(),
        service.placementStrategy(), service.createdAt(), service.version(), service.events(), service.throttle(),
        service.tags(), service.healthCheckGracePeriodSeconds());
    return this;
  }

  Sim placement(List<dev.berth.model.PlacementConstraint> constraints, List<PlacementStrategy> strategies) {
    service = new Service(service.cluster(), service.name(), service.status(), service.taskDefinition(),
        service.desiredCount(), service.schedulingStrategy(), service.deploymentConfiguration(), constraints,
        strategies, service.createdAt(), service.version(), service.events(), service.throttle(), service.tags(),
        service.healthCheckGracePeriodSeconds());
    return this;
  }

  /** The service's healthCheckGracePeriodSeconds. */
  Sim grace(int seconds) {
    service = service.withHealthCheckGracePeriodSeconds(seconds);
    return this;
  }

  /** Tasks of the revision have health checks; each reports {@code health} once checked. */
  Sim checked(int revision, String health) {
    checkedRevisions.put(revision, () -> health);
    return this;
  }

  /** {@code count} tasks of the PRIMARY deployment, RUNNING for an hour, placed by the engine. */
  Sim running(int count) {
    for (int i = 0; i < count; i++) {
      SimTask t = place(primary().id());
      if (t == null) {
        fail("no room for a running task");
      }
      t.lastStatus = TaskStatus.RUNNING;
      t.startedAt = now.minus(Duration.ofHours(1));
    }
    return this;
  }

  /** A task of the deployment on the named instance, RUNNING since {@code startedAt} (PENDING if null). */
  SimTask taskOn(String deploymentId, String instanceId, Instant startedAt) {
    SimTask t = create(deploymentId, instanceId);
    if (startedAt != null) {
      t.lastStatus = TaskStatus.RUNNING;
      t.startedAt = startedAt;
    }
    return t;
  }

  /** A task of the deployment that went from PENDING to STOPPED at {@code stoppedAt}. */
  SimTask failedTask(String deploymentId, String instanceId, Instant stoppedAt) {
    SimTask t = new SimTask(String.format("t%03d", ++taskSeq), deploymentId, instanceId);
    t.lastStatus = TaskStatus.STOPPED;
    t.desiredStatus = TaskStatus.STOPPED;
    t.stoppedAt = stoppedAt;
    t.stopCode = Task.STOP_TASK_FAILED_TO_START;
    tasks.put(t.id, t);
    return t;
  }

  /** Replaces the deployment as stored. */
  void put(Deployment deployment) {
    deployments.put(deployment.id(), deployment);
  }

  // ---- what the API does ----

  /** UpdateService with a new task definition revision: a new PRIMARY deployment. */
  Deployment deploy(int revision) {
    Deployment old = primary();
    deployments.put(old.id(), old.withStatus(DeploymentStatus.ACTIVE));
    Deployment d = Deployment.start(nextDeploymentId(), td(revision), service.desiredCount(), now);
    deployments.put(d.id(), d);
    service = service.withTaskDefinition(td(revision));
    return d;
  }

  /** UpdateService with a new desiredCount only: the PRIMARY deployment is retargeted. */
  void scale(int desired) {
    service = service.withDesiredCount(desired);
    bounds.floorMoved();
    Deployment p = primary();
    deployments.put(p.id(), p.withDesiredCount(desired));
  }

  void drain(String instanceId) {
    setStatus(instanceId, ContainerInstance.DRAINING);
  }

  void setStatus(String instanceId, String status) {
    instances.put(instanceId, Ledger.withStatus(instances.get(instanceId), status));
  }

  /** Changes (or adds) an attribute of the instance. */
  void setAttribute(String instanceId, String name, String value) {
    instances.put(instanceId, Ledger.withAttribute(instances.get(instanceId), name, value));
  }

  /** The agent reports that a running task's essential container exited. */
  void crash(String taskId) {
    SimTask t = tasks.get(taskId);
    t.lastStatus = TaskStatus.STOPPED;
    t.desiredStatus = TaskStatus.STOPPED;
    t.stoppedAt = now;
    t.stopCode = Task.STOP_ESSENTIAL_CONTAINER_EXITED;
    release(t);
  }

  // ---- driving ----

  ServiceSnapshot snapshot() {
    return new ServiceSnapshot(service, List.copyOf(deployments.values()),
        tasks.values().stream().map(SimTask::view).toList(), List.copyOf(instances.values()), daemonGroups, now);
  }

  /** The snapshot the latest plan was made from. */
  ServiceSnapshot planned;

  /** Plans without carrying anything out. */
  ServicePlan plan() {
    planned = snapshot();
    return planner.plan(planned);
  }

  /** Plans and carries the plan out, then lets 45 s pass while the agents report. */
  ServicePlan step() {
    ServicePlan plan = plan();
    apply(plan);
    checkBounds();
    now = now.plus(STEP);
    progress();
    checkBounds();
    plans.add(plan);
    return plan;
  }

  /** Steps until a plan reports the steady state; returns that plan. */
  ServicePlan runUntilSteady(int maxSteps) {
    for (int i = 0; i < maxSteps; i++) {
      ServicePlan plan = step();
      if (plan.steadyState()) {
        return plan;
      }
    }
    return fail("no steady state after " + maxSteps + " steps; tasks: " + describe());
  }

  void apply(ServicePlan plan) {
    service = plan.service();
    plan.deployments().forEach(d -> deployments.put(d.id(), d));
    for (ServicePlan.TaskStop stop : plan.stops()) {
      SimTask t = tasks.get(stop.taskId());
      t.desiredStatus = TaskStatus.STOPPED;
      t.stopCode = stop.stopCode();
      t.stoppedReason = stop.reason();
    }
    List<String> started = new ArrayList<>();
    for (ServicePlan.TaskLaunch launch : plan.launches()) {
      if (!launch.containerInstanceIds().isEmpty()) {
        for (String instanceId : launch.containerInstanceIds()) {
          started.add(create(launch.deploymentId(), instanceId).id);
        }
        continue;
      }
      for (int i = 0; i < launch.count(); i++) {
        SimTask t = place(launch.deploymentId());
        if (t == null) {
          break; // the cluster is full: the reconciler would post "unable to place"
        }
        started.add(t.id);
      }
    }
    placedPerStep.add(started.size());
    if (!started.isEmpty()) {
      service = service.withEventsAdded(List.of(new ServiceEvent("started-" + started.get(0), now,
          ServiceEvents.startedTasks(service.name(), started))));
    }
  }

  /** The agents: stopping tasks stop; pending ones reach RUNNING or, for a failing revision, fail. */
  void progress() {
    for (SimTask t : tasks.values()) {
      if (t.lastStatus == TaskStatus.STOPPED) {
        continue;
      }
      if (t.desiredStatus == TaskStatus.STOPPED) {
        t.lastStatus = TaskStatus.STOPPED;
        t.stoppedAt = now;
        release(t);
      } else if (t.lastStatus == TaskStatus.PENDING) {
        if (failingRevisions.contains(deployments.get(t.deploymentId).taskDefinition().revision())) {
          t.lastStatus = TaskStatus.STOPPED;
          t.desiredStatus = TaskStatus.STOPPED;
          t.stoppedAt = now;
          t.stopCode = Task.STOP_TASK_FAILED_TO_START;
          release(t);
        } else {
          t.lastStatus = TaskStatus.RUNNING;
          t.startedAt = now;
          if (checkedRevisions.containsKey(revision(t))) {
            t.healthStatus = "UNKNOWN";
          }
        }
      } else if ("UNKNOWN".equals(t.healthStatus) && t.startedAt.isBefore(now) && !t.healthSettled) {
        Supplier<String> health = checkedRevisions.get(revision(t));
        t.healthSettled = true;
        if (health != null) {
          t.healthStatus = health.get();
        }
      }
    }
  }

  private int revision(SimTask t) {
    return deployments.get(t.deploymentId).taskDefinition().revision();
  }

  void checkBounds() {
    bounds.check(service, liveTasks().map(SimTask::view).toList(), now, this::describe);
  }

  // ---- looking ----

  Deployment primary() {
    return deployments.values().stream().filter(Deployment::primary).findFirst().orElseThrow();
  }

  Deployment deployment(String id) {
    return deployments.get(id);
  }

  java.util.stream.Stream<SimTask> liveTasks() {
    return tasks.values().stream().filter(t -> t.view().live());
  }

  /** Pending or running tasks of the deployment that are still wanted. */
  List<SimTask> live(String deploymentId) {
    return liveTasks().filter(t -> t.deploymentId.equals(deploymentId)).toList();
  }

  List<SimTask> present(Predicate<SimTask> which) {
    return tasks.values().stream().filter(t -> t.view().present()).filter(which).toList();
  }

  List<String> messages() {
    return service.events().stream().map(ServiceEvent::message).toList();
  }

  String describe() {
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    for (SimTask t : tasks.values()) {
      if (t.lastStatus != TaskStatus.STOPPED) {
        String key = t.lastStatus + (t.desiredStatus == TaskStatus.STOPPED ? "->STOPPED" : "");
        out.computeIfAbsent(t.deploymentId, k -> new TreeMap<>()).merge(key, 1, Integer::sum);
      }
    }
    return out.toString();
  }

  // ---- the ledger ----

  private SimTask place(String deploymentId) {
    PlacementRequest request = new PlacementRequest(Ledger.NEED, service.group(), List.of(),
        DefaultStrategies.forReplicaService(Strategy.parseAll(service.placementStrategy())));
    PlacementEngine.Decision decision = engine.place(request, instances.values(), random);
    return decision.chosen() == null ? null : create(deploymentId, decision.chosen().id());
  }

  private SimTask create(String deploymentId, String instanceId) {
    SimTask t = new SimTask(String.format("t%03d", ++taskSeq), deploymentId, instanceId);
    tasks.put(t.id, t);
    instances.put(instanceId, Ledger.reserve(instances.get(instanceId), t.id, service.group(), now));
    return t;
  }

  private void release(SimTask t) {
    ContainerInstance ci = instances.get(t.instanceId);
    if (ci != null && ci.reservations().containsKey(t.id)) {
      instances.put(ci.id(), Ledger.release(ci, t.id));
    }
  }

  /** Puts a reservation of another group on the instance (another service's or a standalone task). */
  void reserveOther(String instanceId, String taskId, String group) {
    instances.put(instanceId, Ledger.reserve(instances.get(instanceId), taskId, group, now));
  }

  void releaseOther(String instanceId, String taskId) {
    instances.put(instanceId, Ledger.release(instances.get(instanceId), taskId));
  }
}
