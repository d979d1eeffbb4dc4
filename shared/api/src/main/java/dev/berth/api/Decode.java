package dev.berth.api;

import dev.berth.core.tasks.Placement;
import dev.berth.model.Arns;
import dev.berth.model.Attribute;
import dev.berth.model.EcsException;
import dev.berth.model.KeyValue;
import dev.berth.model.NetworkBinding;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.Resource;
import dev.berth.model.TaskOverride;
import dev.berth.model.service.TaskTagging;
import dev.berth.protocol.Json;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.Strategy;
import java.util.List;
import java.util.Set;

/** Request members shared by several operations, decoded with ECS's limits. */
final class Decode {

  static String cluster(Json request) {
    return Arns.clusterName(request.string("cluster", 2048));
  }

  /** propagateTags and enableECSManagedTags of CreateService, RunTask and StartTask (absent: NONE, false). */
  static TaskTagging taskTagging(Json request) {
    Boolean managed = request.bool("enableECSManagedTags");
    return new TaskTagging(request.string("propagateTags"), managed != null && managed);
  }

  /**
   * A ClusterConfiguration as Berth records it (each member ECS's model declares, re-made as its type;
   * JSON text), or null when the request has none.
   */
  static String clusterConfiguration(Json request) {
    Json configuration = request.object("configuration");
    if (configuration == null) {
      return null;
    }
    return dev.berth.protocol.ShapeRecord.of(dev.berth.protocol.ServiceModel.get())
        .build("ClusterConfiguration", configuration.node(), null).toString();
  }

  /** A Describe call's {@code include} list (the model has already checked its values). */
  static Set<String> include(Json request) {
    List<String> include = request.strings("include");
    return include == null ? Set.of() : Set.copyOf(include);
  }

  /** placementConstraints, parsed (null when the request has none). */
  static List<Constraint> constraints(Json request) {
    List<PlacementConstraint> given = request.objects("placementConstraints",
        c -> new PlacementConstraint(c.string("type"), c.string("expression", 2000)));
    return given == null ? null : Placement.constraints(given);
  }

  /** placementStrategy, parsed (null when the request has none). */
  static List<Strategy> strategies(Json request) {
    List<PlacementStrategy> given = request.objects("placementStrategy",
        s -> new PlacementStrategy(s.string("type"), s.string("field", 255)));
    return given == null ? null : Placement.strategies(given);
  }

  static TaskOverride overrides(Json request) {
    Json o = request.object("overrides");
    if (o == null) {
      return TaskOverride.NONE;
    }
    List<TaskOverride.ContainerOverride> containers = o.objects("containerOverrides", c ->
        new TaskOverride.ContainerOverride(c.string("name"), c.strings("command"), keyValues(c, "environment"),
            c.integer("cpu"), c.integer("memory"), c.integer("memoryReservation"),
            TaskDefinitionRequest.gpuRequirement(c, c.string("name"), EcsException::invalidParameter)));
    return new TaskOverride(containers, o.string("cpu"), o.string("memory"), o.string("taskRoleArn"),
        o.string("executionRoleArn"));
  }

  static List<KeyValue> keyValues(Json request, String name) {
    return request.objects(name, kv -> new KeyValue(kv.string("name"), kv.string("value")));
  }

  static List<Resource> resources(Json request, String name) {
    return request.objects(name, r -> {
      String type = r.string("type");
      if (type == null) {
        throw EcsException.invalidParameter("Every resource needs a type.");
      }
      Integer integer = r.integer("integerValue");
      Long longValue = r.has("longValue") ? longValue(r) : null;
      Double doubleValue = r.has("doubleValue") ? doubleValue(r) : null;
      return new Resource(r.string("name"), type, doubleValue == null ? 0.0 : doubleValue,
          longValue == null ? 0L : longValue, integer == null ? 0 : integer, r.strings("stringSetValue"));
    });
  }

  static List<Attribute> attributes(Json request) {
    return request.objects("attributes", a -> new Attribute(a.string("name"), a.string("value"),
        a.string("targetType"), a.string("targetId")));
  }

  static List<NetworkBinding> bindings(Json request) {
    List<NetworkBinding> out = request.objects("networkBindings", b -> new NetworkBinding(b.string("bindIP"),
        b.integer("containerPort"), b.integer("hostPort"), b.string("protocol")));
    return out == null ? List.of() : out;
  }

  private static long longValue(Json r) {
    var v = r.node().get("longValue");
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw EcsException.serialization("Expected a long for longValue.");
    }
    return v.longValue();
  }

  private static double doubleValue(Json r) {
    var v = r.node().get("doubleValue");
    if (!v.isNumber()) {
      throw EcsException.serialization("Expected a number for doubleValue.");
    }
    return v.doubleValue();
  }

  private Decode() {}
}
