package dev.berth.auth.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Date operators, on instants: both sides may be ISO-8601 or epoch seconds (see
 * {@link PolicyDates}). Policy values are parsed once; a request value that is not a date matches
 * nothing.
 */
final class DateMatcher implements ValueMatcher {

  private final Optional<Predicate<String>> test;

  DateMatcher(List<PolicyValue> values, Comparison comparison) {
    List<Instant> instants = values.stream().map(v -> PolicyDates.parse(v.raw())
        .orElseThrow(() -> new MalformedPolicyException("Invalid value for Date condition: " + v.raw())))
        .toList();
    this.test = Optional.of(input -> PolicyDates.parse(input)
        .map(instant -> instants.stream().anyMatch(i -> comparison.holds(instant.compareTo(i))))
        .orElse(false));
  }

  @Override
  public Optional<Predicate<String>> bind(VariableResolver variables) {
    return test;
  }
}
