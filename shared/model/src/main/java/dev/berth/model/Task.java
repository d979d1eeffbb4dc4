package dev.berth.model;

import java.time.Instant;
import java.util.List;

/**
 * A task: where it was placed, what it holds there, and the state its agent last reported.
 * {@code healthStatus} is derived from its essential containers' health (null: UNKNOWN).
 * {@code protectedUntil} is when its scale-in protection expires (null: never protected, or
 * protection cleared); only a service's tasks can be protected.
 */
public record Task(
    String cluster,
    String id,
    String taskDefinitionFamily,
    int taskDefinitionRevision,
    String containerInstanceId,
    String availabilityZone,
    String lastStatus,
    String desiredStatus,
    Resources reservation,
    List<Container> containers,
    TaskOverride overrides,
    String startedBy,
    String group,
    Instant createdAt,
    Instant startedAt,
    Instant stoppingAt,
    Instant stoppedAt,
    Instant pullStartedAt,
    Instant pullStoppedAt,
    Instant executionStoppedAt,
    String stopCode,
    String stoppedReason,
    long version,
    List<Tag> tags,
    String healthStatus,
    Instant protectedUntil) {

  public static final String STOP_USER_INITIATED = "UserInitiated";
  public static final String STOP_TASK_FAILED_TO_START = "TaskFailedToStart";
  public static final String STOP_ESSENTIAL_CONTAINER_EXITED = "EssentialContainerExited";

  public Task {
    containers = List.copyOf(containers);
    tags = tags == null ? List.of() : List.copyOf(tags);
    overrides = overrides == null ? TaskOverride.NONE : overrides;
  }

  /** A task with no derived health yet. */
  public Task(String cluster, String id, String taskDefinitionFamily, int taskDefinitionRevision,
      String containerInstanceId, String availabilityZone, String lastStatus, String desiredStatus,
      Resources reservation, List<Container> containers, TaskOverride overrides, String startedBy, String group,
      Instant createdAt, Instant startedAt, Instant stoppingAt, Instant stoppedAt, Instant pullStartedAt,
      Instant pullStoppedAt, Instant executionStoppedAt, String stopCode, String stoppedReason, long version,
      List<Tag> tags) {
    this(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone, lastStatus,
        desiredStatus, reservation, containers, overrides, startedBy, group, createdAt, startedAt, stoppingAt,
        stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt, stopCode, stoppedReason, version, tags, null, null);
  }

  /** A task without scale-in protection. */
  public Task(String cluster, String id, String taskDefinitionFamily, int taskDefinitionRevision,
      String containerInstanceId, String availabilityZone, String lastStatus, String desiredStatus,
      Resources reservation, List<Container> containers, TaskOverride overrides, String startedBy, String group,
      Instant createdAt, Instant startedAt, Instant stoppingAt, Instant stoppedAt, Instant pullStartedAt,
      Instant pullStoppedAt, Instant executionStoppedAt, String stopCode, String stoppedReason, long version,
      List<Tag> tags, String healthStatus) {
    this(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone, lastStatus,
        desiredStatus, reservation, containers, overrides, startedBy, group, createdAt, startedAt, stoppingAt,
        stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt, stopCode, stoppedReason, version, tags,
        healthStatus, null);
  }

  /** The task with its containers' health and the health derived from it (a new version). */
  public Task withHealth(List<Container> newContainers, String newHealthStatus) {
    return new Task(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone,
        lastStatus, desiredStatus, reservation, newContainers, overrides, startedBy, group, createdAt, startedAt,
        stoppingAt, stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt, stopCode, stoppedReason, version + 1,
        tags, newHealthStatus, protectedUntil);
  }

  /** The task with its scale-in protection set until {@code until}, or cleared (null); a new version. */
  public Task withProtection(Instant until) {
    return new Task(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone,
        lastStatus, desiredStatus, reservation, containers, overrides, startedBy, group, createdAt, startedAt,
        stoppingAt, stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt, stopCode, stoppedReason, version + 1,
        tags, healthStatus, until);
  }

  /** Whether scale-in protection holds at {@code now}: it ends at its expiry. */
  public boolean protectedAt(Instant now) {
    return protectedUntil != null && now.isBefore(protectedUntil);
  }

  /** Started by a service (its group is {@code service:<name>}), the only tasks that can be protected. */
  public boolean serviceTask() {
    return group != null && group.startsWith(dev.berth.model.service.Service.GROUP_PREFIX);
  }

  /** The task with other tags (a new version). */
  public Task withTags(List<Tag> newTags) {
    return new Task(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone,
        lastStatus, desiredStatus, reservation, containers, overrides, startedBy, group, createdAt, startedAt,
        stoppingAt, stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt, stopCode, stoppedReason, version + 1,
        newTags, healthStatus);
  }

  public TaskStatus status() {
    return TaskStatus.parse(lastStatus);
  }

  public boolean stopped() {
    return TaskStatus.STOPPED.name().equals(lastStatus);
  }

  /** The task with desiredStatus STOPPED, as StopTask leaves it. */
  public Task stopRequested(String code, String reason, Instant at) {
    return new Task(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone,
        lastStatus, TaskStatus.STOPPED.name(), reservation, containers, overrides, startedBy, group, createdAt,
        startedAt, stoppingAt != null ? stoppingAt : at, stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt,
        code, reason, version + 1, tags, healthStatus, protectedUntil);
  }

  /**
   * The task told to stop while it drains from its load balancers: desiredStatus STOPPED,
   * lastStatus DEACTIVATING, and {@code stoppingAt} the end of the deregistration delay, when it
   * moves on to STOPPING and its agent stops it.
   */
  public Task deactivating(String code, String reason, Instant drainedAt) {
    return new Task(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone,
        TaskStatus.DEACTIVATING.name(), TaskStatus.STOPPED.name(), reservation, containers, overrides, startedBy, group,
        createdAt, startedAt, drainedAt, stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt, code, reason,
        version + 1, tags, healthStatus);
  }

  /** A drained task handed to its agent to stop: lastStatus STOPPING. */
  public Task stopping(Instant at) {
    return new Task(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone,
        TaskStatus.STOPPING.name(), desiredStatus, reservation, containers, overrides, startedBy, group, createdAt,
        startedAt, at, stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt, stopCode, stoppedReason,
        version + 1, tags, healthStatus);
  }

  /** The task holding {@code held} on its instance (its reservation plus ports bound after placement). */
  public Task withReservation(Resources held) {
    return new Task(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone,
        lastStatus, desiredStatus, held, containers, overrides, startedBy, group, createdAt, startedAt, stoppingAt,
        stoppedAt, pullStartedAt, pullStoppedAt, executionStoppedAt, stopCode, stoppedReason, version, tags,
        healthStatus, protectedUntil);
  }

  /** The task with its agent-reported state applied (a new version). */
  public Task withState(String newLastStatus, List<Container> newContainers, Instant newStartedAt,
      Instant newStoppingAt, Instant newStoppedAt, Instant newPullStartedAt, Instant newPullStoppedAt,
      Instant newExecutionStoppedAt, String newStopCode, String newStoppedReason, String newDesiredStatus) {
    return new Task(cluster, id, taskDefinitionFamily, taskDefinitionRevision, containerInstanceId, availabilityZone,
        newLastStatus, newDesiredStatus, reservation, newContainers, overrides, startedBy, group, createdAt,
        newStartedAt, newStoppingAt, newStoppedAt, newPullStartedAt, newPullStoppedAt, newExecutionStoppedAt,
        newStopCode, newStoppedReason, version + 1, tags, healthStatus, protectedUntil);
  }
}
