package dev.berth.core.tasks;

import dev.berth.model.EcsException;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.TaskDefinition;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.InvalidPlacementException;
import dev.berth.scheduler.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Placement strategies and constraints as the scheduler takes them: parsed once ({@link Strategy#parse},
 * {@link Constraint#parse} hold ECS's rules), a refusal answered as ECS's InvalidParameterException.
 */
public final class Placement {

  /** A request's strategies (null: none), parsed. */
  public static List<Strategy> strategies(List<PlacementStrategy> given) {
    return parsed(() -> Strategy.parseAll(given));
  }

  /** A request's constraints (null: none), parsed. */
  public static List<Constraint> constraints(List<PlacementConstraint> given) {
    return parsed(() -> Constraint.parseAll(given));
  }

  /** What binds a task: its definition's constraints, then the request's or the service's; at most ten in all. */
  public static List<Constraint> forTask(TaskDefinition definition, List<Constraint> requested) {
    List<Constraint> all = new ArrayList<>(constraints(definition.placementConstraints()));
    all.addAll(requested);
    parsed(() -> {
      Constraint.requireAtMostMax(all.size());
      return all;
    });
    return List.copyOf(all);
  }

  private static <T> T parsed(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidPlacementException e) {
      throw EcsException.invalidParameter(e.getMessage());
    }
  }

  private Placement() {}
}
