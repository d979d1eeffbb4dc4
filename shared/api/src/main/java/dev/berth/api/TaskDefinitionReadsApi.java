package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.Page;
import dev.berth.core.taskdefs.TaskDefinitions;
import dev.berth.model.EcsException;
import dev.berth.model.TaskDefinition;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;

/** DescribeTaskDefinition, ListTaskDefinitions and ListTaskDefinitionFamilies. */
public final class TaskDefinitionReadsApi {
  private final TaskDefinitions definitions;
  private final Shapes shapes;

  @Inject
  public TaskDefinitionReadsApi(TaskDefinitions definitions, Shapes shapes) {
    this.definitions = definitions;
    this.shapes = shapes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "DescribeTaskDefinition", this::describeTaskDefinition,
        "ListTaskDefinitions", this::listTaskDefinitions,
        "ListTaskDefinitionFamilies", this::listTaskDefinitionFamilies);
  }

  ObjectNode describeTaskDefinition(Json request) {
    TaskDefinition definition = definitions.resolve(request.requiredString("taskDefinition"));
    ObjectNode response = Shapes.object();
    response.set("taskDefinition", shapes.taskDefinition(definition));
    if (Decode.include(request).contains("TAGS")) {
      Shapes.tags(response, definition.tags());
    }
    return response;
  }

  ObjectNode listTaskDefinitions(Json request) {
    String prefix = request.string("familyPrefix");
    String status = request.string("status");
    String wanted = status == null ? TaskDefinition.ACTIVE : status;
    if (!List.of("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS").contains(wanted)) {
      throw EcsException.invalidParameter("Invalid status: " + status);
    }
    String sort = request.string("sort");
    if (sort != null && !sort.equals("ASC") && !sort.equals("DESC")) {
      throw EcsException.invalidParameter("sort must be ASC or DESC.");
    }
    Comparator<String> order = "DESC".equals(sort) ? Comparator.reverseOrder() : Comparator.naturalOrder();
    List<TaskDefinition> matching = definitions.all().stream()
        .filter(d -> prefix == null || d.family().equals(prefix)) // ECS: the full family name
        .filter(d -> d.status().equals(wanted))
        .sorted(Comparator.comparing(TaskDefinitionReadsApi::sortKey, order))
        .toList();
    Page<TaskDefinition> page = "DESC".equals(sort)
        ? Page.of(matching, d -> invert(sortKey(d)), request.integer("maxResults"), request.string("nextToken"), 100)
        : Page.of(matching, TaskDefinitionReadsApi::sortKey, request.integer("maxResults"),
            request.string("nextToken"), 100);
    ObjectNode response = Shapes.object();
    ArrayNode arns = response.putArray("taskDefinitionArns");
    page.items().forEach(d -> arns.add(shapes.arns().taskDefinition(d.family(), d.revision())));
    Shapes.putIfPresent(response, "nextToken", page.nextToken());
    return response;
  }

  ObjectNode listTaskDefinitionFamilies(Json request) {
    String prefix = request.string("familyPrefix");
    String status = request.string("status");
    String wanted = status == null ? "ALL" : status;
    if (!List.of("ACTIVE", "INACTIVE", "ALL").contains(wanted)) {
      throw EcsException.invalidParameter("Invalid status: " + status);
    }
    Map<String, Boolean> familyActive = new TreeMap<>();
    for (TaskDefinition d : definitions.all()) {
      if (prefix == null || d.family().startsWith(prefix)) {
        familyActive.merge(d.family(), d.active(), Boolean::logicalOr);
      }
    }
    List<String> families = new ArrayList<>();
    familyActive.forEach((family, active) -> {
      if (wanted.equals("ALL") || wanted.equals("ACTIVE") == active) {
        families.add(family);
      }
    });
    Page<String> page = Page.of(families, f -> f, request.integer("maxResults"), request.string("nextToken"), 100);
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("families");
    page.items().forEach(list::add);
    Shapes.putIfPresent(response, "nextToken", page.nextToken());
    return response;
  }

  private static String sortKey(TaskDefinition d) {
    return d.family() + ":" + String.format("%010d", d.revision());
  }

  /** Reverses string order for DESC paging (keys are ASCII; maps each char c to 0xFFFF - c). */
  private static String invert(String key) {
    StringBuilder out = new StringBuilder(key.length());
    key.chars().forEach(c -> out.append((char) (0xFFFF - c)));
    return out.toString();
  }
}
