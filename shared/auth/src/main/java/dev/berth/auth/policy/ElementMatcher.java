package dev.berth.auth.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code Action}/{@code NotAction} or {@code Resource}/{@code NotResource}: a list of patterns, any
 * of which matches; the {@code Not} form holds when none does.
 *
 * <p>A pattern whose policy variable has no value matches nothing. Under {@code NotResource} that
 * would widen the statement to every resource, so there an unresolved variable makes the element
 * fail instead: a missing variable never makes a statement apply.
 */
final class ElementMatcher {

  private final List<PolicyValue> patterns;
  private final boolean negated;

  private ElementMatcher(List<PolicyValue> patterns, boolean negated) {
    this.patterns = List.copyOf(patterns);
    this.negated = negated;
  }

  /** Actions match ignoring case, so patterns are kept in lower case; they hold no variables. */
  static ElementMatcher actions(List<String> actions, boolean negated) {
    return new ElementMatcher(actions.stream()
        .map(a -> PolicyVariables.parse(a.toLowerCase(Locale.ROOT), false))
        .toList(), negated);
  }

  /** Resources match case-sensitively and may hold policy variables (version 2012-10-17). */
  static ElementMatcher resources(List<String> resources, boolean negated, PolicyVersion version) {
    return new ElementMatcher(resources.stream()
        .map(r -> PolicyVariables.parse(r, version.expandsVariables()))
        .toList(), negated);
  }

  /** For actions, {@code input} must already be in lower case. */
  boolean matches(String input, VariableResolver variables) {
    for (PolicyValue value : patterns) {
      Optional<WildcardPattern> pattern = value.pattern(variables);
      if (pattern.isEmpty()) {
        if (negated) {
          return false;
        }
      } else if (pattern.get().matches(input)) {
        return !negated;
      }
    }
    return negated;
  }
}
