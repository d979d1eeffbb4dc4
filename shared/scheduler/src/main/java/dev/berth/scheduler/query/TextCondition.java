package dev.berth.scheduler.query;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A test on one string-valued field: an attribute, the EC2 instance ID or the agent's connection
 * state ({@code "true"} or {@code "false"}). Orderings compare numerically when both sides are
 * numbers, otherwise lexicographically.
 */
final class TextCondition extends Condition {
  private final Function<Subject, String> field;
  private final String literal;
  private final boolean literalNumeric;
  private final Set<String> values;
  private final Pattern pattern;

  TextCondition(String subject, Operator operator, List<String> arguments, Pattern pattern,
      Function<Subject, String> field) {
    super(subject, operator, arguments);
    this.field = field;
    this.literal = arguments.isEmpty() ? null : arguments.get(0);
    this.literalNumeric = literal != null && Comparisons.isNumber(literal);
    this.values = Set.copyOf(arguments);
    this.pattern = pattern;
  }

  @Override
  boolean holds(Subject instance) {
    String value = field.apply(instance);
    if (value == null) {
      return false;
    }
    return switch (positive) {
      case EQUALS -> value.equals(literal);
      case EXISTS -> true;
      case IN -> values.contains(value);
      case MATCHES -> pattern.matcher(value).matches();
      default -> positive.accepts(Comparisons.compareText(value, literal, literalNumeric));
    };
  }
}
