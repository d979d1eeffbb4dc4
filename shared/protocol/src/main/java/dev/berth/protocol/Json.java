package dev.berth.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A request object read leniently (absent members are fine) but strictly typed: a member of the
 * wrong JSON type is a SerializationException, as ECS answers, and nothing runs.
 */
public final class Json {
  private final ObjectNode node;
  private final String path;
  private final String agentInstance;
  private final String callerArn;

  public Json(ObjectNode node, String path) {
    this(node, path, null, null);
  }

  private Json(ObjectNode node, String path, String agentInstance, String callerArn) {
    this.node = node;
    this.path = path;
    this.agentInstance = agentInstance;
    this.callerArn = callerArn;
  }

  /** The request as sent by the agent bound to {@code containerInstanceArn} (null: not an agent). */
  public Json fromAgent(String containerInstanceArn) {
    return new Json(node, path, containerInstanceArn, callerArn);
  }

  /** The request as sent by the principal {@code principalArn} (null: unknown, a direct invocation). */
  public Json fromCaller(String principalArn) {
    return new Json(node, path, agentInstance, principalArn);
  }

  /** The ARN of the principal the endpoint authenticated, or null when the function was invoked directly. */
  public String callerArn() {
    return callerArn;
  }

  /**
   * The container instance whose agent sent this request, as the endpoint authenticated it, or null
   * when a user (or the stack's operator, invoking the function directly) sent it.
   */
  public String agentInstance() {
    return agentInstance;
  }

  public ObjectNode node() {
    return node;
  }

  public boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  public String string(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw wrongType(name, "a string");
    }
    return v.textValue();
  }

  public String requiredString(String name) {
    String v = string(name);
    if (v == null) {
      throw EcsException.invalidParameter(name + " can not be null.");
    }
    return v;
  }

  /** A string member with a length limit. */
  public String string(String name, int maxLength) {
    String v = string(name);
    if (v != null && v.length() > maxLength) {
      throw EcsException.invalidParameter(name + " must be at most " + maxLength + " characters long.");
    }
    return v;
  }

  public Integer integer(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw wrongType(name, "an integer");
    }
    return v.intValue();
  }

  /** A timestamp member: epoch seconds, with a fraction, as awsJson1_1 sends it. */
  public java.time.Instant timestamp(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw wrongType(name, "a timestamp");
    }
    return java.time.Instant.ofEpochMilli(v.decimalValue().movePointRight(3).longValue());
  }

  public Boolean bool(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw wrongType(name, "a boolean");
    }
    return v.booleanValue();
  }

  public Json object(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw wrongType(name, "an object");
    }
    return new Json((ObjectNode) v, qualified(name));
  }

  public List<String> strings(String name) {
    return list(name, (element, where) -> {
      if (!element.isTextual()) {
        throw EcsException.serialization("Expected a string at " + where);
      }
      return element.textValue();
    });
  }

  public List<Json> objects(String name) {
    return list(name, (element, where) -> {
      if (!element.isObject()) {
        throw EcsException.serialization("Expected an object at " + where);
      }
      return new Json((ObjectNode) element, where);
    });
  }

  public <T> List<T> objects(String name, Function<Json, T> mapper) {
    List<Json> list = objects(name);
    return list == null ? null : list.stream().map(mapper).toList();
  }

  private interface Element<T> {
    T read(JsonNode element, String where);
  }

  private <T> List<T> list(String name, Element<T> reader) {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw wrongType(name, "a list");
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(reader.read(v.get(i), qualified(name) + "[" + i + "]"));
    }
    return out;
  }

  private JsonNode value(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private String qualified(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private EcsException wrongType(String name, String expected) {
    return EcsException.serialization("Expected " + expected + " for " + qualified(name) + ".");
  }
}
