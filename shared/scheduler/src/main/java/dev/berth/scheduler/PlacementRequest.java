package dev.berth.scheduler;

import dev.berth.model.Resources;
import java.util.List;
import java.util.Set;

/**
 * What one task needs from placement: its resources, its group, constraints, strategies, and the
 * attributes its task definition requires of an instance (ECS's requiresAttributes).
 */
public record PlacementRequest(Resources need, String group, List<Constraint> constraints,
    List<Strategy> strategies, Set<String> requiredAttributes) {

  public PlacementRequest {
    constraints = List.copyOf(constraints);
    strategies = List.copyOf(strategies);
    requiredAttributes = Set.copyOf(requiredAttributes);
  }

  public PlacementRequest(Resources need, String group, List<Constraint> constraints,
      List<Strategy> strategies) {
    this(need, group, constraints, strategies, Set.of());
  }

  public static PlacementRequest of(Resources need, List<Strategy> strategies) {
    return new PlacementRequest(need, null, List.of(), strategies);
  }
}
