package dev.berth.scheduler.service;

import dev.berth.model.ContainerInstance;
import dev.berth.model.IdSource;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The working state of one planning pass: the snapshot it reads, and the decisions taken so far
 * (the service and deployments as they will be, stops, launches, events). Only the planner's own
 * steps touch it; {@link #build()} freezes it into a {@link ServicePlan}.
 */
final class Pass {
  /** Where a task's container instance stands. GONE: deregistered, or not in the cluster view. */
  enum Host { ACTIVE, DRAINING, GONE }

  private final ServiceSnapshot snapshot;
  private final IdSource eventIds;
  private final Map<String, ContainerInstance> instances = new HashMap<>();
  private final Map<String, Deployment> original = new LinkedHashMap<>();
  private final Map<String, Deployment> deployments = new LinkedHashMap<>();
  private final Map<String, ServicePlan.TaskStop> stops = new LinkedHashMap<>();
  private final List<ServicePlan.TaskLaunch> launches = new ArrayList<>();
  private final List<ServiceEvent> events = new ArrayList<>(); // oldest first
  private Service service;
  private String primaryId;
  boolean steadyState;
  boolean deadlocked;
  boolean circuitBreakerTripped;
  /** Tasks the pass would have stopped to scale in or to deploy, left running because they are protected. */
  final List<String> heldByProtection = new ArrayList<>();
  ServicePlan.Rollback rollback;

  Pass(ServiceSnapshot snapshot, IdSource eventIds) {
    this.snapshot = snapshot;
    this.eventIds = eventIds;
    this.service = snapshot.service();
    snapshot.instances().forEach(i -> instances.put(i.id(), i));
    Deployment primary = snapshot.deployments().stream()
        .filter(Deployment::primary)
        .max(Comparator.comparing(Deployment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
        .orElseThrow(() -> new IllegalArgumentException("service " + service.name() + " has no PRIMARY deployment"));
    primaryId = primary.id();
    for (Deployment d : snapshot.deployments()) {
      if (!d.inactive()) {
        original.put(d.id(), d);
        deployments.put(d.id(), d.primary() && d != primary ? d.withStatus(DeploymentStatus.ACTIVE) : d);
      }
    }
  }

  Instant now() {
    return snapshot.now();
  }

  ServiceSnapshot snapshot() {
    return snapshot;
  }

  List<ServiceTask> tasks() {
    return snapshot.tasks();
  }

  Service service() {
    return service;
  }

  void service(Service updated) {
    service = updated;
  }

  Collection<ContainerInstance> instances() {
    return snapshot.instances();
  }

  ContainerInstance instance(String id) {
    return id == null ? null : instances.get(id);
  }

  Host host(ServiceTask task) {
    ContainerInstance instance = instance(task.containerInstanceId());
    if (instance == null) {
      return Host.GONE;
    }
    return switch (instance.status()) {
      case ContainerInstance.ACTIVE -> Host.ACTIVE;
      case ContainerInstance.DRAINING -> Host.DRAINING;
      default -> Host.GONE;
    };
  }

  boolean healthy(ServiceTask task) {
    return task.healthyAt(now());
  }

  /** Scale-in protection holds for the task now. */
  boolean protectedNow(ServiceTask task) {
    return task.protectedAt(now());
  }

  /**
   * Splits off the protected tasks among {@code tasks}, which a scale-in or a deployment must leave
   * running, and notes them; returns the others.
   */
  List<ServiceTask> withoutProtected(List<ServiceTask> tasks) {
    List<ServiceTask> free = new ArrayList<>(tasks.size());
    for (ServiceTask t : tasks) {
      if (protectedNow(t)) {
        if (!heldByProtection.contains(t.taskId())) {
          heldByProtection.add(t.taskId());
        }
      } else {
        free.add(t);
      }
    }
    return free;
  }

  /** The service's healthCheckGracePeriodSeconds. */
  Duration gracePeriod() {
    return Duration.ofSeconds(service.healthCheckGracePeriodSeconds());
  }

  /** UNHEALTHY and past the service's grace period: to be stopped and replaced. */
  boolean failedHealthChecks(ServiceTask task) {
    return task.toReplaceForHealthAt(now(), gracePeriod());
  }

  Deployment primary() {
    return deployments.get(primaryId);
  }

  boolean isPrimary(ServiceTask task) {
    return primaryId.equals(task.deploymentId());
  }

  /** The deployments this pass works with (not those INACTIVE on arrival). */
  Collection<Deployment> deployments() {
    return deployments.values();
  }

  Optional<Deployment> deployment(String id) {
    return Optional.ofNullable(id == null ? null : deployments.get(id));
  }

  void replace(Deployment deployment) {
    deployments.put(deployment.id(), deployment);
  }

  /** Makes {@code deployment} the PRIMARY; the current one becomes ACTIVE. */
  void addPrimary(Deployment deployment) {
    replace(primary().withStatus(DeploymentStatus.ACTIVE));
    deployments.put(deployment.id(), deployment);
    primaryId = deployment.id();
  }

  /** Stops the task with ECS's scheduler stop code, naming the deployment the task belongs to. */
  void stop(ServiceTask task) {
    String deploymentId = task.deploymentId() != null ? task.deploymentId() : primaryId;
    stops.putIfAbsent(task.taskId(), new ServicePlan.TaskStop(task.taskId(), ServicePlan.SERVICE_SCHEDULER_INITIATED,
        "Scaling activity initiated by (deployment " + deploymentId + ")"));
  }

  /** Stops a task whose container or load balancer health checks fail, with ECS's reason, so that it is replaced. */
  void stopUnhealthy(ServiceTask task) {
    String reason = task.failingLoadBalancer()
        ? ServicePlan.FAILED_ELB_HEALTH_CHECKS + "(target-group " + task.failingTargetGroup() + ")"
        : ServicePlan.FAILED_HEALTH_CHECKS;
    stops.putIfAbsent(task.taskId(), new ServicePlan.TaskStop(task.taskId(), ServicePlan.SERVICE_SCHEDULER_INITIATED,
        reason));
  }

  boolean stopping(ServiceTask task) {
    return stops.containsKey(task.taskId());
  }

  List<String> stoppedTaskIds() {
    return List.copyOf(stops.keySet());
  }

  void launch(int count, List<String> containerInstanceIds) {
    if (count > 0) {
      Deployment p = primary();
      launches.add(new ServicePlan.TaskLaunch(p.id(), p.taskDefinition(), count, containerInstanceIds));
    }
  }

  boolean launching() {
    return !launches.isEmpty();
  }

  /** Records an event unless it repeats the service's newest one (see {@link ServiceEvents}). */
  void event(String message) {
    List<ServiceEvent> newestFirst = new ArrayList<>(events.size() + service.events().size());
    for (int i = events.size() - 1; i >= 0; i--) {
      newestFirst.add(events.get(i));
    }
    newestFirst.addAll(service.events());
    if (!ServiceEvents.suppressed(message, newestFirst, now())) {
      events.add(new ServiceEvent(ServiceEvents.eventId(eventIds.newId()), now(), message));
    }
  }

  ServicePlan build() {
    List<ServiceEvent> newestFirst = new ArrayList<>(events);
    java.util.Collections.reverse(newestFirst);
    List<Deployment> out = new ArrayList<>();
    for (Deployment d : deployments.values()) {
      Deployment before = original.get(d.id());
      boolean changed = before == null || !d.withUpdatedAt(before.updatedAt()).equals(before);
      out.add(changed ? d.withUpdatedAt(now()) : d);
    }
    out.sort(Comparator.comparing((Deployment d) -> !d.primary())
        .thenComparing(Deployment::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
    boolean throttled = service.throttle().delaysLaunchesAt(now());
    return new ServicePlan(service.withEventsAdded(newestFirst), out, launches, List.copyOf(stops.values()),
        newestFirst, steadyState, deadlocked, throttled, circuitBreakerTripped, rollback);
  }
}
