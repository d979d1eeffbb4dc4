package dev.berth.core.tasks;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.MessageJson;
import dev.berth.model.NetworkBinding;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One task or container state change as it travels on the task-state queue: what the agent
 * reported, stamped with when Berth accepted it.
 */
public record StateChange(
    String kind,
    String cluster,
    String task,
    String status,
    String reason,
    List<ContainerChange> containers,
    Instant pullStartedAt,
    Instant pullStoppedAt,
    Instant executionStoppedAt,
    Instant receivedAt,
    String submittedBy) {

  /** A change with no agent named: submitted by a user, or built by a test. */
  public StateChange(String kind, String cluster, String task, String status, String reason,
      List<ContainerChange> containers, Instant pullStartedAt, Instant pullStoppedAt, Instant executionStoppedAt,
      Instant receivedAt) {
    this(kind, cluster, task, status, reason, containers, pullStartedAt, pullStoppedAt, executionStoppedAt,
        receivedAt, null);
  }

  /** The same change as submitted by the agent of {@code containerInstanceArn} (null: not an agent). */
  public StateChange by(String containerInstanceArn) {
    return new StateChange(kind, cluster, task, status, reason, containers, pullStartedAt, pullStoppedAt,
        executionStoppedAt, receivedAt, containerInstanceArn);
  }

  public static final String TASK = "TASK";
  public static final String CONTAINER = "CONTAINER";
  /** Containers' health (PublishTaskHealth): each change's healthStatus, with its statusMessage as reason. */
  public static final String HEALTH = "HEALTH";

  /** @param healthStatus HEALTHY, UNHEALTHY or UNKNOWN in a HEALTH change; null in the others */
  public record ContainerChange(String containerName, String runtimeId, String status, Integer exitCode, String reason,
      List<NetworkBinding> networkBindings, String healthStatus) {
    public ContainerChange(String containerName, String runtimeId, String status, Integer exitCode, String reason,
        List<NetworkBinding> networkBindings) {
      this(containerName, runtimeId, status, exitCode, reason, networkBindings, null);
    }
  }

  public String toJson() {
    ObjectNode o = MessageJson.object();
    o.put("kind", kind);
    o.put("cluster", cluster);
    o.put("task", task);
    MessageJson.putIfPresent(o, "status", status);
    MessageJson.putIfPresent(o, "reason", reason);
    for (ContainerChange c : containers) {
      ObjectNode n = o.withArray("containers").addObject();
      n.put("containerName", c.containerName());
      MessageJson.putIfPresent(n, "runtimeId", c.runtimeId());
      MessageJson.putIfPresent(n, "status", c.status());
      if (c.exitCode() != null) {
        n.put("exitCode", c.exitCode());
      }
      MessageJson.putIfPresent(n, "reason", c.reason());
      MessageJson.putIfPresent(n, "healthStatus", c.healthStatus());
      for (NetworkBinding b : c.networkBindings()) {
        ObjectNode nb = n.withArray("networkBindings").addObject();
        MessageJson.putIfPresent(nb, "bindIP", b.bindIP());
        if (b.containerPort() != null) {
          nb.put("containerPort", b.containerPort());
        }
        if (b.hostPort() != null) {
          nb.put("hostPort", b.hostPort());
        }
        MessageJson.putIfPresent(nb, "protocol", b.protocol());
      }
    }
    MessageJson.time(o, "pullStartedAt", pullStartedAt);
    MessageJson.time(o, "pullStoppedAt", pullStoppedAt);
    MessageJson.time(o, "executionStoppedAt", executionStoppedAt);
    MessageJson.time(o, "receivedAt", receivedAt);
    MessageJson.putIfPresent(o, "submittedBy", submittedBy);
    return JsonTrees.text(o);
  }

  public static StateChange fromJson(String json) throws IOException {
    JsonNode o = MessageJson.read(json);
    if (o == null || !o.isObject() || !o.path("task").isTextual() || !o.path("cluster").isTextual()) {
      throw new IOException("not a task state change: " + json);
    }
    List<ContainerChange> containers = new ArrayList<>();
    for (JsonNode c : o.path("containers")) {
      List<NetworkBinding> bindings = new ArrayList<>();
      for (JsonNode b : c.path("networkBindings")) {
        bindings.add(new NetworkBinding(text(b, "bindIP"), integer(b, "containerPort"), integer(b, "hostPort"),
            text(b, "protocol")));
      }
      containers.add(new ContainerChange(text(c, "containerName"), text(c, "runtimeId"), text(c, "status"),
          integer(c, "exitCode"), text(c, "reason"), bindings, text(c, "healthStatus")));
    }
    return new StateChange(text(o, "kind"), text(o, "cluster"), text(o, "task"), text(o, "status"), text(o, "reason"),
        containers, time(o, "pullStartedAt"), time(o, "pullStoppedAt"), time(o, "executionStoppedAt"),
        time(o, "receivedAt"), text(o, "submittedBy"));
  }

  private static String text(JsonNode o, String name) {
    return o.path(name).isTextual() ? o.path(name).textValue() : null;
  }

  private static Integer integer(JsonNode o, String name) {
    return o.path(name).isNumber() ? o.path(name).intValue() : null;
  }

  private static Instant time(JsonNode o, String name) {
    if (!o.path(name).isNumber()) {
      return null;
    }
    return Instant.ofEpochMilli(o.path(name).decimalValue().movePointRight(3).longValue());
  }
}
