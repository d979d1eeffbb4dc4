package dev.berth.auth.policy;

import java.util.List;
import java.util.function.Function;

/**
 * The condition operators IAM defines, without set qualifier or {@code IfExists}. A negated
 * operator (StringNotEquals, ArnNotLike, NotIpAddress, ...) is the negation of its positive twin,
 * so it shares the twin's matcher.
 */
enum BaseOperator {
  STRING_EQUALS("StringEquals", false, v -> new StringMatcher(v, StringMatcher.Mode.EXACT)),
  STRING_NOT_EQUALS("StringNotEquals", true, v -> new StringMatcher(v, StringMatcher.Mode.EXACT)),
  STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, v -> new StringMatcher(v, StringMatcher.Mode.IGNORE_CASE)),
  STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, v -> new StringMatcher(v, StringMatcher.Mode.IGNORE_CASE)),
  STRING_LIKE("StringLike", false, v -> new StringMatcher(v, StringMatcher.Mode.LIKE)),
  STRING_NOT_LIKE("StringNotLike", true, v -> new StringMatcher(v, StringMatcher.Mode.LIKE)),
  ARN_EQUALS("ArnEquals", false, ArnMatcher::new),
  ARN_NOT_EQUALS("ArnNotEquals", true, ArnMatcher::new),
  ARN_LIKE("ArnLike", false, ArnMatcher::new),
  ARN_NOT_LIKE("ArnNotLike", true, ArnMatcher::new),
  NUMERIC_EQUALS("NumericEquals", false, v -> new NumericMatcher(v, Comparison.EQUALS)),
  NUMERIC_NOT_EQUALS("NumericNotEquals", true, v -> new NumericMatcher(v, Comparison.EQUALS)),
  NUMERIC_LESS_THAN("NumericLessThan", false, v -> new NumericMatcher(v, Comparison.LESS_THAN)),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, v -> new NumericMatcher(v, Comparison.LESS_THAN_EQUALS)),
  NUMERIC_GREATER_THAN("NumericGreaterThan", false, v -> new NumericMatcher(v, Comparison.GREATER_THAN)),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, v -> new NumericMatcher(v, Comparison.GREATER_THAN_EQUALS)),
  DATE_EQUALS("DateEquals", false, v -> new DateMatcher(v, Comparison.EQUALS)),
  DATE_NOT_EQUALS("DateNotEquals", true, v -> new DateMatcher(v, Comparison.EQUALS)),
  DATE_LESS_THAN("DateLessThan", false, v -> new DateMatcher(v, Comparison.LESS_THAN)),
  DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, v -> new DateMatcher(v, Comparison.LESS_THAN_EQUALS)),
  DATE_GREATER_THAN("DateGreaterThan", false, v -> new DateMatcher(v, Comparison.GREATER_THAN)),
  DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, v -> new DateMatcher(v, Comparison.GREATER_THAN_EQUALS)),
  BOOL("Bool", false, BoolMatcher::new),
  IP_ADDRESS("IpAddress", false, IpAddressMatcher::new),
  NOT_IP_ADDRESS("NotIpAddress", true, IpAddressMatcher::new),
  /** Tests presence, not values; {@link NullCondition} handles it. */
  NULL("Null", false, null);

  private final String json;
  private final boolean negated;
  private final Function<List<PolicyValue>, ValueMatcher> compiler;

  BaseOperator(String json, boolean negated, Function<List<PolicyValue>, ValueMatcher> compiler) {
    this.json = json;
    this.negated = negated;
    this.compiler = compiler;
  }

  String json() {
    return json;
  }

  boolean negated() {
    return negated;
  }

  ValueMatcher compile(List<PolicyValue> values) {
    return compiler.apply(values);
  }

  /** Operator names are matched exactly, as IAM spells them. */
  static BaseOperator named(String name) {
    for (BaseOperator operator : values()) {
      if (operator.json.equals(name)) {
        return operator;
      }
    }
    return null;
  }
}
