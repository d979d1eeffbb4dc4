package dev.berth.scheduler.query;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A single expression, {@code subject operator [argument]}. Subclasses test the positive form of
 * the operator; the negated operators ({@code !=}, {@code !exists}, {@code !in}, {@code !~}) are its
 * negation, which is what makes them true for an instance that lacks the value altogether.
 */
abstract sealed class Condition implements Expression
    permits TextCondition, TaskGroupCondition, CountCondition, VersionCondition, RegisteredAtCondition {

  private final String subject;
  private final Operator operator;
  private final List<String> arguments;
  private final boolean negated;
  /** The operator whose truth {@link #holds} reports. */
  final Operator positive;

  Condition(String subject, Operator operator, List<String> arguments) {
    this.subject = subject;
    this.operator = operator;
    this.arguments = List.copyOf(arguments);
    this.negated = operator.negated();
    this.positive = operator.positive();
  }

  @Override
  public final boolean matches(Subject instance) {
    return holds(instance) != negated;
  }

  /** Whether the instance satisfies {@link #positive}; false when it lacks the value. */
  abstract boolean holds(Subject instance);

  @Override
  public final String toString() {
    String head = subject + " " + operator.symbol;
    return switch (operator.argument) {
      case NONE -> head;
      case LIST -> head + " " + arguments.stream().map(Literal::render).collect(Collectors.joining(", ", "[", "]"));
      case ONE, REGEX -> head + " " + Literal.render(arguments.get(0));
    };
  }
}
