package dev.berth.core.tasks;

import dev.berth.model.Task;
import java.util.List;

/** Tasks placed and, for those that were not, ECS failures (instance ARN or null, reason). */
public record LaunchResult(List<Task> tasks, List<Failure> failures) {
  public record Failure(String arn, String reason, String detail) {}
}
