package dev.berth.auth.policy;

import java.util.Optional;
import java.util.function.Predicate;

/** The policy values of one condition key, compiled for one family of operators. */
interface ValueMatcher {

  /**
   * A test that answers whether one request value matches any of the policy values, with
   * policy variables resolved; empty when a variable has no value. Matchers without variables
   * return the same test every time.
   */
  Optional<Predicate<String>> bind(VariableResolver variables);
}
