package dev.berth.core.testing;

import dev.berth.core.events.EventDetails;
import dev.berth.core.events.ServiceNotice;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import java.time.Instant;

/**
 * Event details for unit tests of core, which has no ECS wire shapes: one line naming the resource,
 * its state and version, enough to tell events apart. The ECS rendering is tested in the api module.
 */
public final class PlainEventDetails implements EventDetails {
  @Override
  public String task(Task task, Instant updatedAt) {
    return "task " + task.id() + " " + task.status() + " v" + task.version() + " at " + updatedAt;
  }

  @Override
  public String containerInstance(ContainerInstance instance, Instant updatedAt) {
    return "container-instance " + instance.id() + " " + instance.status() + " v" + instance.version() + " at "
        + updatedAt;
  }

  @Override
  public String service(ServiceNotice notice) {
    return notice.toString();
  }
}
