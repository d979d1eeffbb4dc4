package dev.berth.model.service;

import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A service: what it runs, how many, how it deploys and places, and what the service scheduler
 * keeps between passes (its event log, newest first and at most 100 entries, and its throttle).
 * The running and pending counts are not stored here; they are counted from the tasks.
 * {@code healthCheckGracePeriodSeconds} is how long after a task started the scheduler ignores its
 * failing health checks (0: not at all).
 */
public record Service(
    String cluster,
    String name,
    ServiceStatus status,
    TaskDefinitionRevision taskDefinition,
    int desiredCount,
    SchedulingStrategy schedulingStrategy,
    DeploymentConfiguration deploymentConfiguration,
    List<PlacementConstraint> placementConstraints,
    List<PlacementStrategy> placementStrategy,
    Instant createdAt,
    long version,
    List<ServiceEvent> events,
    ServiceThrottle throttle,
    List<Tag> tags,
    int healthCheckGracePeriodSeconds,
    TaskTagging taskTagging,
    List<LoadBalancer> loadBalancers,
    String role) {

  /** ECS keeps the newest 100 events. */
  public static final int MAX_EVENTS = 100;
  /** The task group of every task a service starts is {@code service:<name>}. */
  public static final String GROUP_PREFIX = "service:";

  public Service {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(taskDefinition, "taskDefinition");
    schedulingStrategy = Objects.requireNonNullElse(schedulingStrategy, SchedulingStrategy.REPLICA);
    deploymentConfiguration = Objects.requireNonNullElse(deploymentConfiguration,
        DeploymentConfiguration.defaultFor(schedulingStrategy));
    if (desiredCount < 0) {
      throw new IllegalArgumentException("desiredCount must not be negative");
    }
    placementConstraints = placementConstraints == null ? List.of() : List.copyOf(placementConstraints);
    placementStrategy = placementStrategy == null ? List.of() : List.copyOf(placementStrategy);
    events = events == null ? List.of() : List.copyOf(events.size() > MAX_EVENTS ? events.subList(0, MAX_EVENTS) : events);
    throttle = Objects.requireNonNullElse(throttle, ServiceThrottle.NONE);
    tags = tags == null ? List.of() : List.copyOf(tags);
    taskTagging = Objects.requireNonNullElse(taskTagging, TaskTagging.DEFAULT);
    if (healthCheckGracePeriodSeconds < 0) {
      throw new IllegalArgumentException("healthCheckGracePeriodSeconds must not be negative");
    }
    loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
  }

  /**
   * A service without load balancers that tags its tasks as ECS does by default: nothing
   * propagated, no managed tags.
   */
  public Service(String cluster, String name, ServiceStatus status, TaskDefinitionRevision taskDefinition,
      int desiredCount, SchedulingStrategy schedulingStrategy, DeploymentConfiguration deploymentConfiguration,
      List<PlacementConstraint> placementConstraints, List<PlacementStrategy> placementStrategy, Instant createdAt,
      long version, List<ServiceEvent> events, ServiceThrottle throttle, List<Tag> tags,
      int healthCheckGracePeriodSeconds) {
    this(cluster, name, status, taskDefinition, desiredCount, schedulingStrategy, deploymentConfiguration,
        placementConstraints, placementStrategy, createdAt, version, events, throttle, tags,
        healthCheckGracePeriodSeconds, TaskTagging.DEFAULT, List.of(), null);
  }

  /** A service without a health check grace period. */
  public Service(String cluster, String name, ServiceStatus status, TaskDefinitionRevision taskDefinition,
      int desiredCount, SchedulingStrategy schedulingStrategy, DeploymentConfiguration deploymentConfiguration,
      List<PlacementConstraint> placementConstraints, List<PlacementStrategy> placementStrategy, Instant createdAt,
      long version, List<ServiceEvent> events, ServiceThrottle throttle, List<Tag> tags) {
    this(cluster, name, status, taskDefinition, desiredCount, schedulingStrategy, deploymentConfiguration,
        placementConstraints, placementStrategy, createdAt, version, events, throttle, tags, 0);
  }

  /** The task group of the service's tasks. */
  public String group() {
    return GROUP_PREFIX + name;
  }

  /** Whether the service's tasks join ELBv2 target groups. */
  public boolean loadBalanced() {
    return !loadBalancers.isEmpty();
  }

  public boolean daemon() {
    return schedulingStrategy == SchedulingStrategy.DAEMON;
  }

  /** The service with {@code newest} (newest first) ahead of its events, keeping the newest 100. */
  public Service withEventsAdded(List<ServiceEvent> newest) {
    if (newest.isEmpty()) {
      return this;
    }
    List<ServiceEvent> all = new ArrayList<>(newest.size() + events.size());
    all.addAll(newest);
    all.addAll(events);
    return new Service(cluster, name, status, taskDefinition, desiredCount, schedulingStrategy,
        deploymentConfiguration, placementConstraints, placementStrategy, createdAt, version, all, throttle, tags,
        healthCheckGracePeriodSeconds, taskTagging, loadBalancers, role);
  }

  public Service withStatus(ServiceStatus newStatus) {
    return new Service(cluster, name, newStatus, taskDefinition, desiredCount, schedulingStrategy,
        deploymentConfiguration, placementConstraints, placementStrategy, createdAt, version, events, throttle, tags,
        healthCheckGracePeriodSeconds, taskTagging, loadBalancers, role);
  }

  public Service withDesiredCount(int newDesiredCount) {
    return new Service(cluster, name, status, taskDefinition, newDesiredCount, schedulingStrategy,
        deploymentConfiguration, placementConstraints, placementStrategy, createdAt, version, events, throttle, tags,
        healthCheckGracePeriodSeconds, taskTagging, loadBalancers, role);
  }

  public Service withTaskDefinition(TaskDefinitionRevision newTaskDefinition) {
    return new Service(cluster, name, status, newTaskDefinition, desiredCount, schedulingStrategy,
        deploymentConfiguration, placementConstraints, placementStrategy, createdAt, version, events, throttle, tags,
        healthCheckGracePeriodSeconds, taskTagging, loadBalancers, role);
  }

  public Service withHealthCheckGracePeriodSeconds(int seconds) {
    return new Service(cluster, name, status, taskDefinition, desiredCount, schedulingStrategy,
        deploymentConfiguration, placementConstraints, placementStrategy, createdAt, version, events, throttle, tags,
        seconds, taskTagging, loadBalancers, role);
  }

  public Service withTags(List<Tag> newTags) {
    return new Service(cluster, name, status, taskDefinition, desiredCount, schedulingStrategy,
        deploymentConfiguration, placementConstraints, placementStrategy, createdAt, version, events, throttle, newTags,
        healthCheckGracePeriodSeconds, taskTagging, loadBalancers, role);
  }

  public Service withTaskTagging(TaskTagging tagging) {
    return new Service(cluster, name, status, taskDefinition, desiredCount, schedulingStrategy,
        deploymentConfiguration, placementConstraints, placementStrategy, createdAt, version, events, throttle, tags,
        healthCheckGracePeriodSeconds, tagging, loadBalancers, role);
  }

  public Service withThrottle(ServiceThrottle newThrottle) {
    return new Service(cluster, name, status, taskDefinition, desiredCount, schedulingStrategy,
        deploymentConfiguration, placementConstraints, placementStrategy, createdAt, version, events, newThrottle, tags,
        healthCheckGracePeriodSeconds, taskTagging, loadBalancers, role);
  }
}
