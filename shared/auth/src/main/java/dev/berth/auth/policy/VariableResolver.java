package dev.berth.auth.policy;

import java.util.Optional;

/** Supplies the value of a policy variable such as {@code ${aws:username}}. */
interface VariableResolver {

  /** The key's single value, or empty when the key is absent or has several values. */
  Optional<String> variable(String key);

  VariableResolver NONE = key -> Optional.empty();
}
