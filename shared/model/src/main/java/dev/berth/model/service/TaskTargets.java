package dev.berth.model.service;

import java.util.List;

/**
 * What one task of a service is registered as (one target per load balancer entry of the service),
 * and whether the load balancer last reported it healthy in every target group: remembered so that
 * a service in its steady state needs no health call.
 */
public record TaskTargets(List<Target> targets, boolean healthy) {
  public TaskTargets {
    targets = List.copyOf(targets);
  }

  public TaskTargets asHealthy(boolean nowHealthy) {
    return nowHealthy == healthy ? this : new TaskTargets(targets, nowHealthy);
  }
}
