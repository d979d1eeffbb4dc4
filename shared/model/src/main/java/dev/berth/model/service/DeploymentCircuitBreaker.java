package dev.berth.model.service;

/** ECS's deploymentCircuitBreaker: off unless configured, and rollback only acts when enabled. */
public record DeploymentCircuitBreaker(boolean enable, boolean rollback) {
  public static final DeploymentCircuitBreaker DISABLED = new DeploymentCircuitBreaker(false, false);
  public static final int MIN_THRESHOLD = 3;
  public static final int MAX_THRESHOLD = 200;

  /** How many failed tasks trip it: {@code min(200, max(3, ceil(0.5 x desiredCount)))}, the current API reference's rule. */
  public static int threshold(int desiredCount) {
    return Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, (desiredCount + 1) / 2));
  }
}
