package dev.berth.core.tasks;

import dev.berth.model.Task;
import java.util.List;

/**
 * Tasks placed and, for those that were not, ECS failures (instance ARN or null, reason).
 * {@code unplaced} says why the first task that found no instance could not be placed (null when
 * every task was placed), which is what a service's "unable to place" event reports.
 */
public record LaunchResult(List<Task> tasks, List<Failure> failures, Unplaced unplaced) {
  public record Failure(String arn, String reason, String detail) {}

  /**
   * The instance that came closest and the first requirement it did not meet, or the message of a
   * constraint that left no candidate (then the instance is null).
   */
  public record Unplaced(String closestInstanceId, String reason, String constraintFailure) {}

  public LaunchResult(List<Task> tasks, List<Failure> failures) {
    this(tasks, failures, null);
  }
}
