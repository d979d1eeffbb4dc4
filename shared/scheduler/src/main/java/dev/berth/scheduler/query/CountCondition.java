package dev.berth.scheduler.query;

import java.util.List;

/** {@code runningTasksCount} compared with a whole number. */
final class CountCondition extends Condition {
  private final long count;

  CountCondition(String subject, Operator operator, String argument, long count) {
    super(subject, operator, List.of(argument));
    this.count = count;
  }

  @Override
  boolean holds(Subject instance) {
    return positive.accepts(Long.compare(instance.runningTasksCount(), count));
  }
}
