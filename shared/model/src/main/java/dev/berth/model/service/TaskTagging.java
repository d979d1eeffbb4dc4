package dev.berth.model.service;

import dev.berth.model.EcsException;

/**
 * How a service tags the tasks it starts: {@code propagateTags} copies the task definition's or the
 * service's tags onto each new task, and {@code enableECSManagedTags} adds ECS's own
 * {@code aws:ecs:clusterName} and {@code aws:ecs:serviceName}. Both apply when a task is created.
 */
public record TaskTagging(String propagateTags, boolean enableECSManagedTags) {
  public static final String NONE = "NONE";
  public static final String TASK_DEFINITION = "TASK_DEFINITION";
  public static final String SERVICE = "SERVICE";
  public static final TaskTagging DEFAULT = new TaskTagging(NONE, false);

  public TaskTagging {
    propagateTags = propagateTags == null ? NONE : propagateTags;
    if (!propagateTags.equals(NONE) && !propagateTags.equals(TASK_DEFINITION) && !propagateTags.equals(SERVICE)) {
      throw EcsException.invalidParameter("propagateTags must be TASK_DEFINITION, SERVICE or NONE.");
    }
  }
}
