package dev.berth.protocol;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Builds Berth's own record of a document the client sent, typed by a shape of ECS's service
 * model: every member the shape declares, each value re-made by Berth as the declared type (a
 * string as a string, an integer as an integer, ...), and nothing else. Members the shape does not
 * declare, values of another type, free-form documents and JSON nulls are not carried over, so
 * what is stored and returned later is only what ECS itself would hold, written by Berth.
 *
 * <p>Used for the stored task definition: ECS's {@code TaskDefinition} shape has some hundred
 * members across its nested shapes (container definitions, volumes, health checks, log and Linux
 * settings), and the model that validated the request is the authoritative statement of their
 * types; a hand-written copy of it would drift from it.
 */
public final class ShapeRecord {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ServiceModel model;

  private ShapeRecord(ServiceModel model) {
    this.model = model;
  }

  public static ShapeRecord of(ServiceModel model) {
    return new ShapeRecord(model);
  }

  /**
   * The record of {@code source} as the structure {@code shapeName}, keeping only the members
   * named in {@code members} (null: all the shape declares).
   */
  public ObjectNode build(String shapeName, JsonNode source, Set<String> members) {
    ObjectNode out = structure(model.shape(shapeName), source, members);
    return out == null ? NODES.objectNode() : out;
  }

  /** The size of a record as Berth serialises it, in UTF-8 bytes (what ECS's size limits count). */
  public static int size(JsonNode record) {
    return JsonTrees.bytes(record).length;
  }

  private ObjectNode structure(ServiceModel.Shape shape, JsonNode source, Set<String> only) {
    if (source == null || !source.isObject()) {
      return null;
    }
    ObjectNode out = NODES.objectNode();
    shape.members().forEach((name, shapeName) -> {
      if (only != null && !only.contains(name)) {
        return;
      }
      JsonNode made = value(model.shape(shapeName), source.get(name));
      if (made != null) {
        out.set(name, made);
      }
    });
    return out;
  }

  private JsonNode value(ServiceModel.Shape shape, JsonNode v) {
    if (v == null || v.isNull() || shape.document()) {
      return null;
    }
    return switch (shape.type()) {
      case "structure" -> structure(shape, v, null);
      case "list" -> list(shape, v);
      case "map" -> map(shape, v);
      case "string", "blob" -> v.isTextual() ? NODES.textNode(v.textValue()) : null;
      case "integer" -> v.isIntegralNumber() && v.canConvertToInt() ? NODES.numberNode(v.intValue()) : null;
      case "long" -> v.isIntegralNumber() && v.canConvertToLong() ? NODES.numberNode(v.longValue()) : null;
      case "double", "float", "timestamp" -> v.isNumber() && Double.isFinite(v.doubleValue())
          ? NODES.numberNode(v.decimalValue()) : null;
      case "boolean" -> v.isBoolean() ? NODES.booleanNode(v.booleanValue()) : null;
      default -> null;
    };
  }

  private ArrayNode list(ServiceModel.Shape shape, JsonNode v) {
    if (!v.isArray()) {
      return null;
    }
    ServiceModel.Shape element = model.shape(shape.member());
    ArrayNode out = NODES.arrayNode();
    for (JsonNode e : v) {
      JsonNode made = value(element, e);
      if (made != null) {
        out.add(made);
      }
    }
    return out;
  }

  private ObjectNode map(ServiceModel.Shape shape, JsonNode v) {
    if (!v.isObject()) {
      return null;
    }
    ServiceModel.Shape valueShape = model.shape(shape.value());
    ObjectNode out = NODES.objectNode();
    v.fields().forEachRemaining(e -> {
      JsonNode made = value(valueShape, e.getValue());
      if (made != null) {
        out.set(e.getKey(), made);
      }
    });
    return out;
  }
}
