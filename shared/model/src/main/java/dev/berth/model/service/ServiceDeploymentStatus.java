package dev.berth.model.service;

/**
 * Where a service deployment stands, in ECS's words. Ongoing: IN_PROGRESS, STOP_REQUESTED,
 * ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS (and PENDING, which Berth passes through at once).
 */
public enum ServiceDeploymentStatus {
  PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS,
  ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED;

  public boolean completed() {
    return this == SUCCESSFUL || this == STOPPED || this == ROLLBACK_SUCCESSFUL || this == ROLLBACK_FAILED;
  }
}
