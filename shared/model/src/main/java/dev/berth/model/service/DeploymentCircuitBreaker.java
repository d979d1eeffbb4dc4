package dev.berth.model.service;

/** ECS's deploymentCircuitBreaker: off unless configured, and rollback only acts when enabled. */
public record DeploymentCircuitBreaker(boolean enable, boolean rollback) {
  public static final DeploymentCircuitBreaker DISABLED = new DeploymentCircuitBreaker(false, false);
}
