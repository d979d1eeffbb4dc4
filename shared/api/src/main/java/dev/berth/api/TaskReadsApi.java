package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.tasks.Tasks;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import java.util.Map;
import javax.inject.Inject;

/** DescribeTasks and ListTasks. */
public final class TaskReadsApi {
  private final Tasks tasks;
  private final Shapes shapes;

  @Inject
  public TaskReadsApi(Tasks tasks, Shapes shapes) {
    this.tasks = tasks;
    this.shapes = shapes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "DescribeTasks", this::describeTasks,
        "ListTasks", this::listTasks);
  }

  ObjectNode describeTasks(Json request) {
    String cluster = Decode.cluster(request);
    var described = tasks.describe(cluster, request.strings("tasks"));
    ObjectNode response = Shapes.object();
    ArrayNode found = response.putArray("tasks");
    boolean withTags = Decode.include(request).contains("TAGS");
    described.tasks().forEach(t -> found.add(shapes.task(t, withTags)));
    ArrayNode failures = response.putArray("failures");
    described.missing().forEach(ref -> failures.add(Shapes.failure(
        ref.startsWith("arn:") ? ref : shapes.arns().task(cluster, ref), "MISSING", null)));
    return response;
  }

  ObjectNode listTasks(Json request) {
    String cluster = Decode.cluster(request);
    var filter = new Tasks.Filter(request.string("containerInstance"), request.string("family"),
        request.string("serviceName"), request.string("startedBy"), request.string("desiredStatus"),
        request.string("launchType"));
    var page = tasks.list(cluster, filter, request.integer("maxResults"), request.string("nextToken"));
    ObjectNode response = Shapes.object();
    ArrayNode arns = response.putArray("taskArns");
    page.items().forEach(t -> arns.add(shapes.arns().task(cluster, t.id())));
    Shapes.putIfPresent(response, "nextToken", page.nextToken());
    return response;
  }
}
