package dev.berth.core.events;

import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import java.time.Instant;

/**
 * Writes the {@code detail} of each EventBridge event Berth sends, as ECS writes it (JSON text). The
 * use cases hand it model records; the ECS wire shapes live at the API edge, which implements it.
 */
public interface EventDetails {
  String TASK_STATE_CHANGE = "ECS Task State Change";
  String CONTAINER_INSTANCE_STATE_CHANGE = "ECS Container Instance State Change";

  /** The task as DescribeTasks returns it, times as ISO-8601, {@code updatedAt} the change's time. */
  String task(Task task, Instant updatedAt);

  /** The instance as DescribeContainerInstances returns it, with its cluster's ARN and {@code updatedAt}. */
  String containerInstance(ContainerInstance instance, Instant updatedAt);

  String service(ServiceNotice notice);
}
