package dev.berth.model.service;

/** How a deployment's rollout stands; FAILED only comes from the deployment circuit breaker. */
public enum RolloutState {
  IN_PROGRESS, COMPLETED, FAILED
}
