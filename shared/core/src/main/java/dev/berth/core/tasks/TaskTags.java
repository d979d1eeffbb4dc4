package dev.berth.core.tasks;

import dev.berth.model.Tag;
import dev.berth.model.TagRules;
import dev.berth.model.TaskDefinition;
import dev.berth.model.service.Service;
import dev.berth.model.service.TaskTagging;
import java.util.ArrayList;
import java.util.List;

/**
 * The tags a new task is created with: the propagated ones (the task definition's or the service's),
 * overlaid by the tags the request names, then ECS's managed tags when they are enabled. Only the
 * moment of creation counts: later changes to the definition's or the service's tags reach no
 * running task.
 */
public final class TaskTags {
  public static final String CLUSTER_NAME = "aws:ecs:clusterName";
  public static final String SERVICE_NAME = "aws:ecs:serviceName";

  private TaskTags() {}

  /** A RunTask or StartTask task. */
  public static List<Tag> standalone(TaskTagging tagging, TaskDefinition definition, List<Tag> requested,
      String cluster) {
    List<Tag> propagated = TaskTagging.TASK_DEFINITION.equals(tagging.propagateTags()) ? definition.tags() : List.of();
    List<Tag> managed = tagging.enableECSManagedTags() ? List.of(new Tag(CLUSTER_NAME, cluster)) : List.of();
    return compose(propagated, requested, managed);
  }

  /** A task a service starts. */
  public static List<Tag> forService(Service service, TaskDefinition definition) {
    TaskTagging tagging = service.taskTagging();
    List<Tag> propagated = switch (tagging.propagateTags()) {
      case TaskTagging.TASK_DEFINITION -> definition.tags();
      case TaskTagging.SERVICE -> service.tags();
      default -> List.of();
    };
    List<Tag> managed = tagging.enableECSManagedTags()
        ? List.of(new Tag(CLUSTER_NAME, service.cluster()), new Tag(SERVICE_NAME, service.name())) : List.of();
    return compose(propagated, List.of(), managed);
  }

  private static List<Tag> compose(List<Tag> propagated, List<Tag> requested, List<Tag> managed) {
    List<Tag> merged = new ArrayList<>(TagRules.merge(propagated, requested));
    merged.removeIf(t -> managed.stream().anyMatch(m -> m.key().equals(t.key())));
    merged.addAll(managed);
    return List.copyOf(merged);
  }
}
