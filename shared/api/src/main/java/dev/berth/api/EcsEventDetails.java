package dev.berth.api;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.events.EventDetails;
import dev.berth.core.events.ServiceNotice;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import dev.berth.protocol.EventShapes;
import dev.berth.protocol.Shapes;
import java.time.Instant;
import javax.inject.Inject;

/** The {@code detail} JSON of the events Berth sends, in ECS's shapes (see {@link EventShapes}). */
public final class EcsEventDetails implements EventDetails {
  private final EventShapes shapes;

  @Inject
  public EcsEventDetails(Shapes shapes) {
    this.shapes = new EventShapes(shapes);
  }

  @Override
  public String task(Task task, Instant updatedAt) {
    return JsonTrees.text(shapes.task(task, updatedAt));
  }

  @Override
  public String containerInstance(ContainerInstance instance, Instant updatedAt) {
    return JsonTrees.text(shapes.containerInstance(instance, updatedAt));
  }

  @Override
  public String service(ServiceNotice notice) {
    ObjectNode detail = Shapes.object();
    if (notice instanceof ServiceNotice.Action a) {
      detail.put("eventType", a.eventType());
      detail.put("eventName", a.eventName());
      detail.put("clusterArn", a.clusterArn());
      detail.put("createdAt", EventShapes.iso(a.at()));
      Shapes.putIfPresent(detail, "reason", a.reason());
      if (a.containerInstanceArn() != null) {
        detail.putArray("containerInstanceArns").add(a.containerInstanceArn());
      }
    } else if (notice instanceof ServiceNotice.DeploymentChange d) {
      detail.put("eventType", d.eventType());
      detail.put("eventName", d.eventName());
      detail.put("deploymentId", d.deploymentId());
      detail.put("updatedAt", EventShapes.iso(d.at()));
      detail.put("reason", d.reason());
    }
    return JsonTrees.text(detail);
  }
}
