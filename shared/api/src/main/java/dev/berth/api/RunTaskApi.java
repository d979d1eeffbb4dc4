package dev.berth.api;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.tasks.LaunchRequest;
import dev.berth.core.tasks.LaunchResult;
import dev.berth.core.tasks.TaskLauncher;
import dev.berth.core.tasks.Tasks;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import java.util.Map;
import javax.inject.Inject;

/** The run-task function's operations: RunTask, StartTask, StopTask. */
public final class RunTaskApi {
  private final TaskLauncher launcher;
  private final Tasks tasks;
  private final Shapes shapes;

  @Inject
  public RunTaskApi(TaskLauncher launcher, Tasks tasks, Shapes shapes) {
    this.launcher = launcher;
    this.tasks = tasks;
    this.shapes = shapes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "RunTask", this::runTask,
        "StartTask", this::startTask,
        "StopTask", this::stopTask);
  }

  ObjectNode runTask(Json request) {
    Integer count = request.integer("count");
    return launched(launcher.runTask(launchRequest(request, count == null ? 1 : count, null)));
  }

  ObjectNode startTask(Json request) {
    var targets = request.strings("containerInstances");
    return launched(launcher.startTask(launchRequest(request, targets == null ? 0 : targets.size(), targets)));
  }

  ObjectNode stopTask(Json request) {
    var task = tasks.stop(Decode.cluster(request), request.requiredString("task"), request.string("reason"));
    ObjectNode response = Shapes.object();
    response.set("task", shapes.task(task));
    return response;
  }

  private static LaunchRequest launchRequest(Json request, int count, java.util.List<String> containerInstances) {
    if ("SERVICE".equals(request.string("propagateTags"))) {
      throw EcsException.invalidParameter("propagateTags SERVICE is only valid for tasks started by a service.");
    }
    return new LaunchRequest(
        Decode.cluster(request),
        request.requiredString("taskDefinition"),
        count,
        request.string("group"),
        request.string("startedBy"),
        Decode.overrides(request),
        Decode.constraints(request),
        Decode.strategies(request),
        request.string("clientToken"),
        TaskDefinitionRequest.tags(request),
        containerInstances,
        JsonTrees.text(request.node()),
        Decode.taskTagging(request));
  }

  private ObjectNode launched(LaunchResult result) {
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("tasks");
    result.tasks().forEach(t -> list.add(shapes.task(t)));
    ArrayNode failures = response.putArray("failures");
    result.failures().forEach(f -> failures.add(Shapes.failure(f.arn(), f.reason(), f.detail())));
    return response;
  }
}
