package dev.berth.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.model.Region;
import java.math.BigInteger;
import java.util.TreeSet;

/**
 * Checks a parsed request against its shape in the service model and builds a copy holding only
 * the members the model knows: what the client invented is dropped here, so it can never be
 * stored or returned. JSON types are SerializationException (as a Coral service answers a value
 * it cannot deserialise); a missing required member, an invalid enum value and a length, size or
 * range outside the model's bounds are InvalidParameterException. Every message names the member.
 */
final class ShapeValidator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final int MAX_PATH = 200;

  private final ServiceModel model;
  private final Region home;

  /** {@code home} is the partition, region and account ARNs must be of; null checks no ARN. */
  ShapeValidator(ServiceModel model, Region home) {
    this.model = model;
    this.home = home;
  }

  ObjectNode structure(ServiceModel.Shape shape, JsonNode value, String path) {
    if (!value.isObject()) {
      throw wrongType(path, "an object", value);
    }
    ObjectNode out = NODES.objectNode();
    for (var field : shape.members().entrySet()) {
      JsonNode v = value.get(field.getKey());
      if (v == null || v.isNull()) {
        continue;
      }
      String where = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      ServiceModel.Shape member = model.shape(field.getValue());
      if (member.document()) {
        continue;  // free-form documents (lifecycle hook details) are nothing Berth uses: never kept
      }
      out.set(field.getKey(), value(model.shape(field.getValue()), v, where, field.getKey()));
    }
    for (String required : new TreeSet<>(shape.required())) {
      if (!out.has(required)) {
        throw EcsException.invalidParameter((path.isEmpty() ? required : path + "." + required) + " can not be null.");
      }
    }
    if (shape.union() && out.size() > 1) {
      throw EcsException.invalidParameter(shown(path) + " must set exactly one of its members.");
    }
    return out;
  }

  private JsonNode value(ServiceModel.Shape shape, JsonNode v, String path, String member) {
    return switch (shape.type()) {
      case "structure" -> structure(shape, v, path);
      case "list" -> list(shape, v, path, member);
      case "map" -> map(shape, v, path, member);
      case "string" -> string(shape, v, path, member);
      case "integer" -> integral(shape, v, path, member, BigInteger.valueOf(Integer.MIN_VALUE),
          BigInteger.valueOf(Integer.MAX_VALUE), "an integer");
      case "long" -> integral(shape, v, path, member, LONG_MIN, LONG_MAX, "a long");
      case "double", "float" -> floating(shape, v, path);
      case "boolean" -> {
        if (!v.isBoolean()) {
          throw wrongType(path, "a boolean", v);
        }
        yield v;
      }
      case "timestamp" -> {
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
          throw wrongType(path, "a timestamp in epoch seconds", v);
        }
        yield v;
      }
      case "blob" -> string(shape, v, path, member);
      default -> throw new IllegalStateException("unsupported shape type " + shape.type() + " at " + path);
    };
  }

  private ArrayNode list(ServiceModel.Shape shape, JsonNode v, String path, String member) {
    if (!v.isArray()) {
      throw wrongType(path, "a list", v);
    }
    bounds(shape, v.size(), path, "must have at least %s elements", "must have at most %s elements");
    ServiceModel.Shape element = model.shape(shape.member());
    ArrayNode out = NODES.arrayNode(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String where = path + "[" + i + "]";
      if (e.isNull()) {
        throw wrongType(where, "a value", e);
      }
      out.add(value(element, e, where, member));
    }
    return out;
  }

  private ObjectNode map(ServiceModel.Shape shape, JsonNode v, String path, String member) {
    if (!v.isObject()) {
      throw wrongType(path, "a map", v);
    }
    bounds(shape, v.size(), path, "must have at least %s entries", "must have at most %s entries");
    ServiceModel.Shape key = model.shape(shape.key());
    ServiceModel.Shape value = model.shape(shape.value());
    ObjectNode out = NODES.objectNode();
    for (var it = v.fields(); it.hasNext(); ) {
      var entry = it.next();
      string(key, NODES.textNode(entry.getKey()), path + " key", member);
      String where = path + "." + entry.getKey();
      if (entry.getValue().isNull()) {
        throw wrongType(where, "a value", entry.getValue());
      }
      out.set(entry.getKey(), value(value, entry.getValue(), where, member));
    }
    return out;
  }

  private JsonNode string(ServiceModel.Shape shape, JsonNode v, String path, String member) {
    if (!v.isTextual()) {
      throw wrongType(path, "a string", v);
    }
    String s = v.textValue();
    if (shape.enums() != null && !shape.enums().contains(s)) {
      throw EcsException.invalidParameter("Invalid value for " + shown(path) + ": it must be one of "
          + new TreeSet<>(shape.enums()) + ".");
    }
    int length = s.codePointCount(0, s.length());
    bounds(shape, length, path, "must be at least %s characters long", "must be at most %s characters long");
    int max = StringLimits.max(member);
    if (length > max) {
      throw EcsException.invalidParameter(shown(path) + " must be at most " + max + " characters long.");
    }
    ForeignArns.check(home, member, s, shown(path));
    return v;
  }

  private JsonNode integral(ServiceModel.Shape shape, JsonNode v, String path, String member, BigInteger min,
      BigInteger max, String what) {
    if (!v.isIntegralNumber()) {
      throw wrongType(path, what, v);
    }
    BigInteger n = v.bigIntegerValue();
    if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
      throw EcsException.serialization("The value of " + shown(path) + " is out of range for " + what + ".");
    }
    bounds(shape, n.doubleValue(), path, "must be at least %s", "must be at most %s");
    NumberLimits.Range range = NumberLimits.of(member);
    if (range != null && (n.longValue() < range.min() || n.longValue() > range.max())) {
      throw EcsException.invalidParameter(shown(path) + " must be between " + range.min() + " and "
          + (range.max() == Long.MAX_VALUE ? max : range.max()) + ".");
    }
    return what.equals("an integer") ? NODES.numberNode(n.intValue()) : NODES.numberNode(n.longValue());
  }

  private JsonNode floating(ServiceModel.Shape shape, JsonNode v, String path) {
    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
      throw wrongType(path, "a number", v);
    }
    bounds(shape, v.doubleValue(), path, "must be at least %s", "must be at most %s");
    return NODES.numberNode(v.doubleValue());
  }

  private static void bounds(ServiceModel.Shape shape, double n, String path, String tooSmall, String tooLarge) {
    if (shape.min() != null && n < shape.min()) {
      throw EcsException.invalidParameter(shown(path) + " " + tooSmall.formatted(whole(shape.min())) + ".");
    }
    if (shape.max() != null && n > shape.max()) {
      throw EcsException.invalidParameter(shown(path) + " " + tooLarge.formatted(whole(shape.max())) + ".");
    }
  }

  private static String whole(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static EcsException wrongType(String path, String expected, JsonNode got) {
    return EcsException.serialization("Expected " + expected + " for " + shown(path) + ", got "
        + got.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
  }

  /** A member path for a message, cut short: map keys come from the client and may be long. */
  private static String shown(String path) {
    String p = path.isEmpty() ? "the request" : path;
    return p.length() <= MAX_PATH ? p : p.substring(0, MAX_PATH) + "...";
  }
}
