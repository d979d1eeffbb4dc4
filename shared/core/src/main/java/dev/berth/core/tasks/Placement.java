package dev.berth.core.tasks;

import dev.berth.model.EcsException;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.MemberOf;
import java.util.List;

/** Checks placement constraints and strategies against ECS's limits and the kinds Berth supports. */
public final class Placement {

  /** Checks the limits and compiles the constraints, in order, for the placement engine. */
  public static List<Constraint> compile(List<PlacementConstraint> constraints, List<PlacementStrategy> strategies) {
    validate(constraints, strategies);
    return constraints.stream().map(c -> switch (c.type()) {
      case "distinctInstance" -> Constraint.DISTINCT_INSTANCE;
      case "memberOf" -> new MemberOf(c.expression());
      default -> throw EcsException.invalidParameter("Invalid placement constraint type: " + c.type());
    }).toList();
  }

  public static void validate(List<PlacementConstraint> constraints, List<PlacementStrategy> strategies) {
    if (constraints.size() > 10) {
      throw EcsException.invalidParameter(
          "A task can have at most 10 placement constraints, including those of its task definition.");
    }
    if (strategies.size() > 5) {
      throw EcsException.invalidParameter("At most 5 placement strategies can be given.");
    }
    for (PlacementConstraint c : constraints) {
      switch (c.type() == null ? "" : c.type()) {
        case "distinctInstance" -> {
          if (c.expression() != null) {
            throw EcsException.invalidParameter("A distinctInstance constraint takes no expression.");
          }
        }
        case "memberOf" -> {
          if (c.expression() == null || c.expression().isBlank()) {
            throw EcsException.invalidParameter("A memberOf constraint needs an expression.");
          }
        }
        default -> throw EcsException.invalidParameter("Invalid placement constraint type: " + c.type());
      }
    }
    for (PlacementStrategy s : strategies) {
      String field = s.field();
      switch (s.type() == null ? "" : s.type()) {
        case "random" -> {
          if (field != null) {
            throw EcsException.invalidParameter("The random placement strategy takes no field.");
          }
        }
        case "binpack" -> {
          if (!"cpu".equals(field) && !"memory".equals(field)) {
            throw EcsException.invalidParameter("The binpack placement strategy's field must be cpu or memory.");
          }
        }
        case "spread" -> {
          if (field == null || !(field.equals("instanceId") || field.equals("host")
              || field.startsWith("attribute:") && field.length() > "attribute:".length())) {
            throw EcsException.invalidParameter(
                "The spread placement strategy's field must be instanceId, host or attribute:<name>.");
          }
        }
        default -> throw EcsException.invalidParameter("Invalid placement strategy type: " + s.type());
      }
    }
  }

  private Placement() {}
}
