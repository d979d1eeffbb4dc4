package dev.berth.scheduler;

import dev.berth.model.ContainerInstance;
import dev.berth.model.PlacementConstraint;
import java.util.ArrayList;
import java.util.List;

/**
 * A binding placement constraint, parsed once from ECS's {@code {type, expression}} by
 * {@link #parse} (a memberOf expression is compiled then): it either allows an instance for a task
 * of the given group or removes it from the candidates. The model keeps the
 * {@link PlacementConstraint} record, the form requests give and definitions and services store.
 */
public sealed interface Constraint permits DistinctInstance, MemberOf {
  /** How many constraints one task may have, its task definition's included. */
  int MAX = 10;

  /** No two live tasks of the same group on one instance. */
  Constraint DISTINCT_INSTANCE = DistinctInstance.INSTANCE;

  boolean allows(ContainerInstance instance, String group);

  /** ECS's failure reason when this constraint removed every remaining candidate. */
  String unsatisfied();

  PlacementConstraint toModel();

  /**
   * The constraint ECS's {@code {type, expression}} names, or InvalidPlacementException with ECS's
   * message (an unparsable memberOf expression fails with the query parser's own error).
   */
  static Constraint parse(PlacementConstraint given) {
    switch (given.type() == null ? "" : given.type()) {
      case "distinctInstance" -> {
        if (given.expression() != null) {
          throw new InvalidPlacementException("A distinctInstance constraint takes no expression.");
        }
        return DISTINCT_INSTANCE;
      }
      case "memberOf" -> {
        return new MemberOf(given.expression());
      }
      default -> throw new InvalidPlacementException("Invalid placement constraint type: " + given.type());
    }
  }

  /** Constraints (null: none), at most {@link #MAX}, each parsed. */
  static List<Constraint> parseAll(List<PlacementConstraint> given) {
    if (given == null) {
      return List.of();
    }
    requireAtMostMax(given.size());
    List<Constraint> out = new ArrayList<>(given.size());
    given.forEach(c -> out.add(parse(c)));
    return List.copyOf(out);
  }

  /** Refuses more than {@link #MAX} constraints for one task. */
  static void requireAtMostMax(int count) {
    if (count > MAX) {
      throw new InvalidPlacementException(
          "A task can have at most " + MAX + " placement constraints, including those of its task definition.");
    }
  }

  /** The stored form of parsed constraints. */
  static List<PlacementConstraint> toModel(List<Constraint> constraints) {
    return constraints.stream().map(Constraint::toModel).toList();
  }
}
