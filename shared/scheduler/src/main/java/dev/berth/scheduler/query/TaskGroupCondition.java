package dev.berth.scheduler.query;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code task:group}: an instance hosts many tasks, so the positive operators hold when some task's
 * group satisfies them, and the negated ones when none does ({@code task:group != database} is
 * {@code not(task:group == database)}).
 */
final class TaskGroupCondition extends Condition {
  private final String literal;
  private final String[] values;
  private final Pattern pattern;

  TaskGroupCondition(String subject, Operator operator, List<String> arguments, Pattern pattern) {
    super(subject, operator, arguments);
    this.literal = arguments.isEmpty() ? null : arguments.get(0);
    this.values = arguments.toArray(String[]::new);
    this.pattern = pattern;
  }

  @Override
  boolean holds(Subject instance) {
    Set<String> groups = instance.taskGroups();
    if (groups == null || groups.isEmpty()) {
      return false;
    }
    return switch (positive) {
      case EQUALS -> groups.contains(literal);
      case IN -> containsAnyValue(groups);
      case MATCHES -> anyMatches(groups);
      default -> throw new IllegalStateException(positive + " is not valid for task:group");
    };
  }

  private boolean containsAnyValue(Set<String> groups) {
    for (String value : values) {
      if (groups.contains(value)) {
        return true;
      }
    }
    return false;
  }

  private boolean anyMatches(Set<String> groups) {
    for (String group : groups) {
      if (pattern.matcher(group).matches()) {
        return true;
      }
    }
    return false;
  }
}
