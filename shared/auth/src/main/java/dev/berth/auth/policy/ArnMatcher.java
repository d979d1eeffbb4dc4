package dev.berth.auth.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * ArnEquals, ArnLike and their negations (applied by the caller). IAM documents ArnEquals and
 * ArnLike identically (component-wise, case-sensitive, wildcards allowed), so both use this.
 * A policy value with fewer than six components is refused when parsed; one that becomes short
 * only after its variables are resolved matches nothing. A request value that is not an ARN
 * matches nothing.
 */
final class ArnMatcher implements ValueMatcher {

  private final List<PolicyValue> values;
  private final boolean hasVariables;
  private final Optional<Predicate<String>> staticTest;

  ArnMatcher(List<PolicyValue> values) {
    this.values = List.copyOf(values);
    this.hasVariables = values.stream().anyMatch(PolicyValue::hasVariables);
    for (PolicyValue value : values) {
      if (!value.hasVariables() && ArnPattern.of(value.pattern(VariableResolver.NONE).orElseThrow()).isEmpty()) {
        throw new MalformedPolicyException("Invalid ARN in condition: " + value.raw());
      }
    }
    this.staticTest = hasVariables ? null : build(VariableResolver.NONE);
  }

  @Override
  public Optional<Predicate<String>> bind(VariableResolver variables) {
    return hasVariables ? build(variables) : staticTest;
  }

  private Optional<Predicate<String>> build(VariableResolver variables) {
    List<ArnPattern> patterns = new ArrayList<>(values.size());
    for (PolicyValue value : values) {
      Optional<WildcardPattern> pattern = value.pattern(variables);
      if (pattern.isEmpty()) {
        return Optional.empty();
      }
      ArnPattern.of(pattern.get()).ifPresent(patterns::add);
    }
    return Optional.of(arn -> patterns.stream().anyMatch(p -> p.matches(arn)));
  }
}
