package dev.berth.core.services;

import dev.berth.model.EcsException;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.SchedulingStrategy;
import java.util.List;

/**
 * ECS's rules for a service's deployment configuration and placement, by scheduling strategy (the
 * strategies and constraints themselves were parsed at the edge).
 */
final class ServiceValidation {

  static DeploymentConfiguration deploymentConfiguration(DeploymentConfiguration c, SchedulingStrategy strategy) {
    if (c.minimumHealthyPercent() < 0 || c.minimumHealthyPercent() > 100) {
      throw EcsException.invalidParameter("minimumHealthyPercent must be between 0 and 100.");
    }
    if (strategy == SchedulingStrategy.DAEMON && c.maximumPercent() > 100) {
      throw EcsException.invalidParameter(
          "The maximumPercent of a service with the DAEMON scheduling strategy can not be greater than 100.");
    }
    if (strategy == SchedulingStrategy.REPLICA && c.maximumPercent() < 100) {
      throw EcsException.invalidParameter("maximumPercent can not be less than 100.");
    }
    if (c.maximumPercent() < c.minimumHealthyPercent()) {
      throw EcsException.invalidParameter("maximumPercent can not be less than minimumHealthyPercent.");
    }
    return c;
  }

  static void placement(SchedulingStrategy strategy, List<PlacementConstraint> constraints,
      List<PlacementStrategy> strategies) {
    if (strategy == SchedulingStrategy.DAEMON && !strategies.isEmpty()) {
      throw EcsException.invalidParameter("Placement strategies are not supported with the DAEMON scheduling strategy.");
    }
    if (strategy == SchedulingStrategy.DAEMON
        && constraints.stream().anyMatch(c -> "distinctInstance".equals(c.type()))) {
      throw EcsException.invalidParameter(
          "The distinctInstance placement constraint is not supported with the DAEMON scheduling strategy.");
    }
  }

  private ServiceValidation() {}
}
