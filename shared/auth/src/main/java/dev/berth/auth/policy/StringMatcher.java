package dev.berth.auth.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** StringEquals, StringEqualsIgnoreCase and StringLike (and their negations, applied by the caller). */
final class StringMatcher implements ValueMatcher {

  enum Mode { EXACT, IGNORE_CASE, LIKE }

  private final List<PolicyValue> values;
  private final Mode mode;
  private final boolean hasVariables;
  /** The test for values without variables, built once. */
  private final Optional<Predicate<String>> staticTest;

  StringMatcher(List<PolicyValue> values, Mode mode) {
    this.values = List.copyOf(values);
    this.mode = mode;
    this.hasVariables = values.stream().anyMatch(PolicyValue::hasVariables);
    this.staticTest = hasVariables ? null : build(VariableResolver.NONE);
  }

  @Override
  public Optional<Predicate<String>> bind(VariableResolver variables) {
    return hasVariables ? build(variables) : staticTest;
  }

  private Optional<Predicate<String>> build(VariableResolver variables) {
    if (mode == Mode.LIKE) {
      List<WildcardPattern> patterns = new ArrayList<>(values.size());
      for (PolicyValue value : values) {
        Optional<WildcardPattern> pattern = value.pattern(variables);
        if (pattern.isEmpty()) {
          return Optional.empty();
        }
        patterns.add(pattern.get());
      }
      return Optional.of(input -> patterns.stream().anyMatch(p -> p.matches(input)));
    }
    Set<String> texts = new HashSet<>();
    for (PolicyValue value : values) {
      Optional<String> text = value.literal(variables);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      texts.add(mode == Mode.IGNORE_CASE ? fold(text.get()) : text.get());
    }
    return Optional.of(mode == Mode.IGNORE_CASE ? input -> texts.contains(fold(input)) : texts::contains);
  }

  private static String fold(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
