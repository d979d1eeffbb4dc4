package dev.berth.scheduler.service;

import dev.berth.model.TaskStatus;
import java.time.Instant;

/** A task of the simulation as the agents and the store see it. */
final class SimTask {
  final String id;
  final String deploymentId;
  final String instanceId;
  TaskStatus lastStatus = TaskStatus.PENDING;
  TaskStatus desiredStatus = TaskStatus.RUNNING;
  Instant startedAt;
  Instant stoppedAt;
  String stopCode;
  String stoppedReason;
  /** The task's container health (null: no health check). */
  String healthStatus;
  /** Load balancer health (HEALTHY, UNHEALTHY, INITIAL) and the group failing it; null without load balancers. */
  String targetHealth;
  String failingTargetGroup;
  /** Whether the task's health checks have given their result (the simulation asks once). */
  boolean healthSettled;
  /** When the task's scale-in protection ends (null: not protected). */
  Instant protectedUntil;

  SimTask(String id, String deploymentId, String instanceId) {
    this.id = id;
    this.deploymentId = deploymentId;
    this.instanceId = instanceId;
  }

  ServiceTask view() {
    return new ServiceTask(id, deploymentId, instanceId, lastStatus, desiredStatus, startedAt, stoppedAt, stopCode,
        stoppedReason, startedAt != null, healthStatus, protectedUntil, targetHealth, failingTargetGroup);
  }
}
