package dev.berth.scheduler.service;

import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the service scheduler needs to know of one of a service's tasks. {@code deploymentId} is
 * the task's startedBy; {@code startedAt} is when it reached RUNNING; {@code stopCode} and
 * {@code stoppedReason} are why it was told to stop, or why it stopped; {@code healthStatus} is the
 * task's container health (HEALTHY, UNHEALTHY, UNKNOWN), null when no essential container of it has
 * a health check; {@code protectedUntil} is when its scale-in protection expires (null: not
 * protected). {@code targetHealth} is its load balancer health for a service with load
 * balancers (HEALTHY in every target group, UNHEALTHY in {@code failingTargetGroup}, or INITIAL: not
 * yet registered or not yet checked), null for a service without.
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
    String stoppedReason,
    boolean reachedRunning,
    String healthStatus,
    Instant protectedUntil,
    String targetHealth,
    String failingTargetGroup) {

  /**
   * How long a task must have been RUNNING to count as healthy when it has no container health
   * check (Berth has no load balancers): ECS's rule for tasks without either.
   */
  public static final Duration HEALTHY_AFTER_RUNNING = Duration.ofSeconds(40);
  public static final String HEALTHY = "HEALTHY";
  public static final String UNHEALTHY = "UNHEALTHY";
  /** A target not yet registered, or registered and not yet reported healthy: neither healthy nor failing. */
  public static final String INITIAL = "INITIAL";

  public ServiceTask {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(lastStatus, "lastStatus");
    Objects.requireNonNull(desiredStatus, "desiredStatus");
  }

  /** A task without container health checks. */
  public ServiceTask(String taskId, String deploymentId, String containerInstanceId, TaskStatus lastStatus,
      TaskStatus desiredStatus, Instant startedAt, Instant stoppedAt, String stopCode, boolean reachedRunning) {
    this(taskId, deploymentId, containerInstanceId, lastStatus, desiredStatus, startedAt, stoppedAt, stopCode, null,
        reachedRunning, null, null, null, null);
  }

  /** A task without scale-in protection, of a service without load balancers. */
  public ServiceTask(String taskId, String deploymentId, String containerInstanceId, TaskStatus lastStatus,
      TaskStatus desiredStatus, Instant startedAt, Instant stoppedAt, String stopCode, String stoppedReason,
      boolean reachedRunning, String healthStatus) {
    this(taskId, deploymentId, containerInstanceId, lastStatus, desiredStatus, startedAt, stoppedAt, stopCode,
        stoppedReason, reachedRunning, healthStatus, null, null, null);
  }

  /** The task with its load balancer health. */
  public ServiceTask withTargetHealth(String health, String failingGroup) {
    return new ServiceTask(taskId, deploymentId, containerInstanceId, lastStatus, desiredStatus, startedAt, stoppedAt,
        stopCode, stoppedReason, reachedRunning, healthStatus, protectedUntil, health, failingGroup);
  }

  /** The view of a stored task (of a service without load balancers until {@link #withTargetHealth}). */
  public static ServiceTask of(Task task) {
    return new ServiceTask(task.id(), task.startedBy(), task.containerInstanceId(), task.status(),
        TaskStatus.parse(task.desiredStatus()), task.startedAt(), task.stoppedAt(), task.stopCode(),
        task.stoppedReason(), task.startedAt() != null, task.healthStatus(), task.protectedUntil(), null, null);
  }

  /**
   * Whether scale-in protection holds at {@code now}: the scheduler then stops it neither to scale
   * in nor to replace it in a deployment.
   */
  public boolean protectedAt(Instant now) {
    return protectedUntil != null && now.isBefore(protectedUntil);
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

  /**
   * Not yet STOPPED, whatever it was told: it still holds its place on its instance (a task draining
   * from its load balancers, DEACTIVATING, included).
   */
  public boolean present() {
    return !stopped();
  }

  /**
   * RUNNING, still wanted, and: with load balancers, healthy in every target group (and HEALTHY
   * if it has container health checks); else HEALTHY when it has container health checks, else
   * RUNNING for at least {@link #HEALTHY_AFTER_RUNNING}. A RUNNING task without a startedAt (the
   * agent's report lost its time) counts as healthy rather than as never becoming so.
   */
  public boolean healthyAt(Instant now) {
    if (!live() || !running()) {
      return false;
    }
    if (targetHealth != null) {
      return HEALTHY.equals(targetHealth) && (healthStatus == null || HEALTHY.equals(healthStatus));
    }
    if (healthStatus != null) {
      return HEALTHY.equals(healthStatus);
    }
    return startedAt == null || !now.isBefore(startedAt.plus(HEALTHY_AFTER_RUNNING));
  }

  /** Whether its health is checked (container health checks, or a load balancer): not a matter of age. */
  public boolean healthChecked() {
    return healthStatus != null || targetHealth != null;
  }

  /** RUNNING, still wanted, and its container health checks or its load balancer report it unhealthy. */
  public boolean failingHealthChecks() {
    return live() && running() && (UNHEALTHY.equals(healthStatus) || failingLoadBalancer());
  }

  /** Reported unhealthy by the load balancer in {@link #failingTargetGroup}. */
  public boolean failingLoadBalancer() {
    return UNHEALTHY.equals(targetHealth);
  }

  /**
   * Whether {@code now} lies within {@code gracePeriod} of the task's start, when the scheduler
   * ignores its failing health checks. A task without a startedAt is taken as started long ago.
   */
  public boolean inGracePeriod(Instant now, Duration gracePeriod) {
    return startedAt != null && now.isBefore(startedAt.plus(gracePeriod));
  }

  /** Failing its health checks past the grace period: the service stops and replaces it. */
  public boolean toReplaceForHealthAt(Instant now, Duration gracePeriod) {
    return failingHealthChecks() && !inGracePeriod(now, gracePeriod);
  }

  /** Stopped by its service because its container health checks failed. */
  public boolean stoppedForHealthChecks() {
    return stopped() && stoppedReason != null && (ServicePlan.FAILED_HEALTH_CHECKS.equals(stoppedReason)
        || stoppedReason.startsWith(ServicePlan.FAILED_ELB_HEALTH_CHECKS));
  }

  /** Went from PENDING to STOPPED without ever reaching RUNNING, and not because it was told to. */
  public boolean failedToStart() {
    return stopped() && !reachedRunning && Task.STOP_TASK_FAILED_TO_START.equals(stopCode);
  }
}
