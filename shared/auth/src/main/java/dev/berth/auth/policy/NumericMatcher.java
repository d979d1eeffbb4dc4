package dev.berth.auth.policy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Numeric operators. Policy values are parsed once (IAM allows no variables here); a request
 * value that is not a number matches nothing.
 */
final class NumericMatcher implements ValueMatcher {

  private final Optional<Predicate<String>> test;

  NumericMatcher(List<PolicyValue> values, Comparison comparison) {
    List<BigDecimal> numbers = values.stream().map(v -> parsePolicyValue(v.raw())).toList();
    this.test = Optional.of(input -> {
      BigDecimal number = parse(input);
      return number != null && numbers.stream().anyMatch(n -> comparison.holds(number.compareTo(n)));
    });
  }

  @Override
  public Optional<Predicate<String>> bind(VariableResolver variables) {
    return test;
  }

  private static BigDecimal parsePolicyValue(String text) {
    BigDecimal number = parse(text);
    if (number == null) {
      throw new MalformedPolicyException("Invalid value for Numeric condition: " + text);
    }
    return number;
  }

  private static BigDecimal parse(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
