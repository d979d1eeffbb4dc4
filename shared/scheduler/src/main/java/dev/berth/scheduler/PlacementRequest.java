package dev.berth.scheduler;

import dev.berth.model.PlacementStrategy;
import dev.berth.model.Resources;
import java.util.List;

/** What one task needs from placement: its resources, its group, constraints and strategies. */
public record PlacementRequest(Resources need, String group, List<Constraint> constraints,
    List<PlacementStrategy> strategies) {

  public PlacementRequest {
    constraints = List.copyOf(constraints);
    strategies = List.copyOf(strategies);
  }

  public static PlacementRequest of(Resources need, List<PlacementStrategy> strategies) {
    return new PlacementRequest(need, null, List.of(), strategies);
  }
}
