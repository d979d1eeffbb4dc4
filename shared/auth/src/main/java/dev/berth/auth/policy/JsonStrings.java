package dev.berth.auth.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the "string or list of strings" shape that IAM uses for most elements. */
final class JsonStrings {

  private JsonStrings() {}

  /** A string or a non-empty list of strings; anything else is a syntax error. */
  static List<String> strings(JsonNode node) {
    return values(node, false);
  }

  /** Like {@link #strings}, but condition values may also be JSON numbers and booleans. */
  static List<String> scalars(JsonNode node) {
    return values(node, true);
  }

  static String text(JsonNode node) {
    if (!node.isTextual()) {
      throw MalformedPolicyException.syntax();
    }
    return node.textValue();
  }

  private static List<String> values(JsonNode node, boolean scalars) {
    if (!node.isArray()) {
      return List.of(scalar(node, scalars));
    }
    if (node.isEmpty()) {
      throw MalformedPolicyException.syntax();
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      values.add(scalar(item, scalars));
    }
    return values;
  }

  private static String scalar(JsonNode node, boolean scalars) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (scalars && (node.isNumber() || node.isBoolean())) {
      return node.asText();
    }
    throw MalformedPolicyException.syntax();
  }
}
