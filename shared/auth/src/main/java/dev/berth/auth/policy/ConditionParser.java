package dev.berth.auth.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a statement's {@code Condition} block: {@code {Operator: {Key: value or [values]}}}. */
final class ConditionParser {

  private ConditionParser() {}

  static List<Condition> parse(JsonNode block, PolicyVersion version) {
    if (!block.isObject()) {
      throw MalformedPolicyException.syntax();
    }
    List<Condition> conditions = new ArrayList<>();
    for (Map.Entry<String, JsonNode> byOperator : block.properties()) {
      ConditionOperator operator = ConditionOperator.parse(byOperator.getKey());
      JsonNode keys = byOperator.getValue();
      if (!keys.isObject() || keys.isEmpty()) {
        throw MalformedPolicyException.syntax();
      }
      for (Map.Entry<String, JsonNode> byKey : keys.properties()) {
        String key = PolicyParser.vendorPrefixed(byKey.getKey());
        List<PolicyValue> values = JsonStrings.scalars(byKey.getValue()).stream()
            .map(v -> PolicyVariables.parse(v, version.expandsVariables()))
            .toList();
        conditions.add(operator.base() == BaseOperator.NULL
            ? new NullCondition(key, values)
            : new KeyCondition(operator, key, operator.base().compile(values)));
      }
    }
    return conditions;
  }
}
