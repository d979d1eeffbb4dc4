package dev.berth.auth.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Bool: {@code true} or {@code false}, compared ignoring case. IAM allows policy variables here,
 * so only values without variables can be checked when the policy is parsed.
 */
final class BoolMatcher implements ValueMatcher {

  private final StringMatcher values;

  BoolMatcher(List<PolicyValue> values) {
    for (PolicyValue value : values) {
      if (!value.hasVariables() && !isBoolean(value.raw())) {
        throw new MalformedPolicyException("Invalid value for Bool condition: " + value.raw());
      }
    }
    this.values = new StringMatcher(values, StringMatcher.Mode.IGNORE_CASE);
  }

  @Override
  public Optional<Predicate<String>> bind(VariableResolver variables) {
    return values.bind(variables);
  }

  static boolean isBoolean(String text) {
    return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
  }
}
