package dev.berth.model.service;

import java.util.Objects;

/**
 * How far a deployment (or a draining instance) may go above and below desiredCount, as percents
 * of it, and the circuit breaker.
 */
public record DeploymentConfiguration(int maximumPercent, int minimumHealthyPercent,
    DeploymentCircuitBreaker deploymentCircuitBreaker) {

  /** ECS's defaults for a REPLICA service: max 200, min 100, no circuit breaker. */
  public static final DeploymentConfiguration REPLICA_DEFAULT =
      new DeploymentConfiguration(200, 100, DeploymentCircuitBreaker.DISABLED);

  /** ECS's defaults for a DAEMON service: max 100, min 0, no circuit breaker. */
  public static final DeploymentConfiguration DAEMON_DEFAULT =
      new DeploymentConfiguration(100, 0, DeploymentCircuitBreaker.DISABLED);

  public DeploymentConfiguration {
    if (maximumPercent < 0 || minimumHealthyPercent < 0) {
      throw new IllegalArgumentException("percents must not be negative");
    }
    deploymentCircuitBreaker = Objects.requireNonNullElse(deploymentCircuitBreaker, DeploymentCircuitBreaker.DISABLED);
  }

  public static DeploymentConfiguration defaultFor(SchedulingStrategy strategy) {
    return strategy == SchedulingStrategy.DAEMON ? DAEMON_DEFAULT : REPLICA_DEFAULT;
  }
}
