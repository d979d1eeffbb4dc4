package dev.berth.model.service;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;

/**
 * One deployment of a service: a task definition revision rolled out to desiredCount tasks. Every
 * task the service starts has {@code startedBy} = the deployment's id.
 */
public record Deployment(
    String id,
    DeploymentStatus status,
    TaskDefinitionRevision taskDefinition,
    int desiredCount,
    int pendingCount,
    int runningCount,
    int failedTasks,
    RolloutState rolloutState,
    String rolloutStateReason,
    Instant createdAt,
    Instant updatedAt) {

  public static final String ID_PREFIX = "ecs-svc/";
  private static final Pattern ID = Pattern.compile("ecs-svc/\\d{19}");
  private static final long SMALLEST_19_DIGITS = 1_000_000_000_000_000_000L;

  public Deployment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(taskDefinition, "taskDefinition");
    Objects.requireNonNull(rolloutState, "rolloutState");
    if (desiredCount < 0 || pendingCount < 0 || runningCount < 0 || failedTasks < 0) {
      throw new IllegalArgumentException("deployment counts must not be negative");
    }
  }

  /** A new deployment id: {@code ecs-svc/} and 19 digits, as ECS writes them. */
  public static String newId(RandomGenerator random) {
    return ID_PREFIX + random.nextLong(SMALLEST_19_DIGITS, Long.MAX_VALUE);
  }

  public static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  /** A new PRIMARY deployment, rolling out from now. */
  public static Deployment start(String id, TaskDefinitionRevision taskDefinition, int desiredCount, Instant now) {
    return new Deployment(id, DeploymentStatus.PRIMARY, taskDefinition, desiredCount, 0, 0, 0,
        RolloutState.IN_PROGRESS, "ECS deployment " + id + " in progress.", now, now);
  }

  public boolean primary() {
    return status == DeploymentStatus.PRIMARY;
  }

  public boolean inactive() {
    return status == DeploymentStatus.INACTIVE;
  }

  public Deployment withStatus(DeploymentStatus newStatus) {
    return new Deployment(id, newStatus, taskDefinition, desiredCount, pendingCount, runningCount, failedTasks,
        rolloutState, rolloutStateReason, createdAt, updatedAt);
  }

  public Deployment withDesiredCount(int newDesiredCount) {
    return new Deployment(id, status, taskDefinition, newDesiredCount, pendingCount, runningCount, failedTasks,
        rolloutState, rolloutStateReason, createdAt, updatedAt);
  }

  public Deployment withTaskCounts(int newPendingCount, int newRunningCount) {
    return new Deployment(id, status, taskDefinition, desiredCount, newPendingCount, newRunningCount, failedTasks,
        rolloutState, rolloutStateReason, createdAt, updatedAt);
  }

  public Deployment withFailedTasks(int newFailedTasks) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, newFailedTasks,
        rolloutState, rolloutStateReason, createdAt, updatedAt);
  }

  public Deployment withRollout(RolloutState newState, String newReason) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, failedTasks,
        newState, newReason, createdAt, updatedAt);
  }

  public Deployment withUpdatedAt(Instant newUpdatedAt) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, failedTasks,
        rolloutState, rolloutStateReason, createdAt, newUpdatedAt);
  }
}
