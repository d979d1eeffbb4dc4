package dev.berth.scheduler.service;

import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the service scheduler needs to know of one of a service's tasks. {@code deploymentId} is
 * the task's startedBy; {@code startedAt} is when it reached RUNNING.
 */
public record ServiceTask(
    String taskId,
    String deploymentId,
    String containerInstanceId,
    TaskStatus lastStatus,
    TaskStatus desiredStatus,
    Instant startedAt,
    Instant stoppedAt,
    String stopCode,
    boolean reachedRunning) {

  /**
   * How long a task must have been RUNNING to count as healthy. Berth has no load balancer or
   * container health checks yet, so this is ECS's rule for tasks without either.
   */
  public static final Duration HEALTHY_AFTER_RUNNING = Duration.ofSeconds(40);

  public ServiceTask {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(lastStatus, "lastStatus");
    Objects.requireNonNull(desiredStatus, "desiredStatus");
  }

  /** The view of a stored task. */
  public static ServiceTask of(Task task) {
    return new ServiceTask(task.id(), task.startedBy(), task.containerInstanceId(), task.status(),
        TaskStatus.parse(task.desiredStatus()), task.startedAt(), task.stoppedAt(), task.stopCode(),
        task.startedAt() != null);
  }

  public boolean stopped() {
    return lastStatus == TaskStatus.STOPPED;
  }

  /** Not yet RUNNING (PROVISIONING, PENDING or ACTIVATING). */
  public boolean pending() {
    return lastStatus.ordinal() < TaskStatus.RUNNING.ordinal();
  }

  public boolean running() {
    return lastStatus == TaskStatus.RUNNING;
  }

  public boolean toldToStop() {
    return desiredStatus == TaskStatus.STOPPED;
  }

  /** Pending or running and still wanted: what ECS's bounds call a task of the service. */
  public boolean live() {
    return !toldToStop() && (pending() || running());
  }

  /** Still PENDING or RUNNING, whatever it was told: it still holds its place on its instance. */
  public boolean present() {
    return pending() || running();
  }

  /**
   * RUNNING, still wanted, and RUNNING for at least {@link #HEALTHY_AFTER_RUNNING}. A RUNNING task
   * without a startedAt (the agent's report lost its time) counts as healthy rather than as never
   * becoming so.
   */
  public boolean healthyAt(Instant now) {
    return live() && running() && (startedAt == null || !now.isBefore(startedAt.plus(HEALTHY_AFTER_RUNNING)));
  }

  /** Went from PENDING to STOPPED without ever reaching RUNNING, and not because it was told to. */
  public boolean failedToStart() {
    return stopped() && !reachedRunning && Task.STOP_TASK_FAILED_TO_START.equals(stopCode);
  }
}
