package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.tasks.TaskProtection;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import javax.inject.Inject;

/**
 * UpdateTaskProtection (served by the services function, which wakes a service whose task it
 * releases) and GetTaskProtection (served by the reads function).
 */
public final class TaskProtectionApi {
  private final TaskProtection protection;
  private final Arns arns;

  @Inject
  public TaskProtectionApi(TaskProtection protection, Arns arns) {
    this.protection = protection;
    this.arns = arns;
  }

  ObjectNode update(Json request) {
    Boolean enabled = request.bool("protectionEnabled");
    if (enabled == null) {
      throw EcsException.invalidParameter("protectionEnabled is required.");
    }
    String cluster = Decode.cluster(request);
    return response(cluster, protection.update(cluster, request.strings("tasks"), enabled,
        request.integer("expiresInMinutes")));
  }

  ObjectNode get(Json request) {
    String cluster = Decode.cluster(request);
    return response(cluster, protection.get(cluster, request.strings("tasks")));
  }

  private ObjectNode response(String cluster, TaskProtection.Result result) {
    ObjectNode response = Shapes.object();
    ArrayNode tasks = response.putArray("protectedTasks");
    for (TaskProtection.State s : result.protectedTasks()) {
      ObjectNode o = tasks.addObject();
      o.put("taskArn", arns.task(cluster, s.task().id()));
      o.put("protectionEnabled", s.protectionEnabled());
      Shapes.time(o, "expirationDate", s.expirationDate());
    }
    ArrayNode failures = response.putArray("failures");
    result.failures().forEach(f -> failures.add(
        Shapes.failure(arns.task(cluster, f.taskId()), f.reason(), f.detail())));
    return response;
  }
}
