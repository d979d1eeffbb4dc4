package dev.berth.scheduler.service;

import dev.berth.model.service.DeploymentConfiguration;

/**
 * The rollout math: ECS's minimumHealthyPercent (rounded up) and maximumPercent (rounded down) as
 * the floor and ceiling a service's deployments and instance drains move within:
 * {@code minHealthy = ceil(D x minimumHealthyPercent / 100)} healthy tasks and
 * {@code maxTotal = floor(D x maximumPercent / 100)} pending or running tasks.
 */
public record RolloutBounds(int minHealthy, int maxTotal) {

  public static RolloutBounds of(int desiredCount, DeploymentConfiguration configuration) {
    long min = ((long) desiredCount * configuration.minimumHealthyPercent() + 99) / 100;
    long max = (long) desiredCount * configuration.maximumPercent() / 100;
    return new RolloutBounds((int) min, (int) max);
  }
}
