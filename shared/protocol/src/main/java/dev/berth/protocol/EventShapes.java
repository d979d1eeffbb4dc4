package dev.berth.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The {@code detail} of ECS's EventBridge events: the resource as DescribeTasks or
 * DescribeContainerInstances returns it, with its timestamps as ISO-8601 strings with
 * milliseconds (the API's are epoch seconds), {@code updatedAt} the time of the change, and no
 * health (ECS's task events carry none).
 */
public final class EventShapes {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final List<String> TASK_TIMES = List.of("connectivityAt", "createdAt", "executionStoppedAt",
      "pullStartedAt", "pullStoppedAt", "startedAt", "stoppedAt", "stoppingAt");

  private final Shapes shapes;

  public EventShapes(Shapes shapes) {
    this.shapes = shapes;
  }

  public static String iso(Instant at) {
    return ISO_MILLIS.format(at);
  }

  public ObjectNode task(Task t, Instant updatedAt) {
    ObjectNode o = shapes.task(t);
    TASK_TIMES.forEach(name -> isoTime(o, name));
    o.remove("healthStatus");
    o.withArray("containers").forEach(c -> ((ObjectNode) c).remove("healthStatus"));
    o.put("updatedAt", iso(updatedAt));
    return o;
  }

  public ObjectNode containerInstance(ContainerInstance ci, Instant updatedAt) {
    ObjectNode o = shapes.containerInstance(ci, ci.runningTaskCount(), ci.pendingTaskCount());
    o.put("clusterArn", shapes.arns().cluster(ci.cluster()));
    isoTime(o, "registeredAt");
    o.put("updatedAt", iso(updatedAt));
    return o;
  }

  private static void isoTime(ObjectNode o, String name) {
    JsonNode value = o.get(name);
    if (value != null && value.isNumber()) {
      BigDecimal seconds = value.decimalValue();
      o.put(name, iso(Instant.ofEpochMilli(seconds.movePointRight(3).longValue())));
    }
  }
}
