package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.instances.InstanceAttributes;
import dev.berth.model.Attribute;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/** PutAttributes, DeleteAttributes and ListAttributes (served by the registration function). */
public final class AttributesApi {
  private final InstanceAttributes attributes;

  @Inject
  public AttributesApi(InstanceAttributes attributes) {
    this.attributes = attributes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "PutAttributes", this::putAttributes,
        "DeleteAttributes", this::deleteAttributes,
        "ListAttributes", this::listAttributes);
  }

  ObjectNode putAttributes(Json request) {
    return response(attributes.put(Decode.cluster(request), Decode.attributes(request)), null);
  }

  ObjectNode deleteAttributes(Json request) {
    return response(attributes.delete(Decode.cluster(request), Decode.attributes(request)), null);
  }

  ObjectNode listAttributes(Json request) {
    var page = attributes.list(Decode.cluster(request), request.string("targetType"), request.string("attributeName"),
        request.string("attributeValue"), request.integer("maxResults"), request.string("nextToken"));
    return response(page.items(), page.nextToken());
  }

  private static ObjectNode response(List<Attribute> list, String nextToken) {
    ObjectNode response = Shapes.object();
    ArrayNode out = response.putArray("attributes");
    for (Attribute a : list) {
      ObjectNode n = out.addObject().put("name", a.name());
      Shapes.putIfPresent(n, "value", a.value());
      Shapes.putIfPresent(n, "targetType", a.targetType());
      Shapes.putIfPresent(n, "targetId", a.targetId());
    }
    if (nextToken != null) {
      response.put("nextToken", nextToken);
    }
    return response;
  }
}
