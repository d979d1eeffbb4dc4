package dev.berth.auth.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The request context: the values of condition keys such as {@code aws:SourceIp},
 * {@code aws:ResourceTag/env} or {@code ecs:cluster}.
 *
 * <p>The evaluator asks lazily. It calls {@link #values} only for a key that a statement refers
 * to, in a condition or as a policy variable, and only once that statement's action (and, for a
 * condition key, its resource) has matched; it asks for each key at most once per evaluation. An
 * implementation may therefore read expensive keys, such as resource tags, from a store on demand.
 */
@FunctionalInterface
public interface ContextKeys {

  /**
   * The values of {@code key} in this request, or empty when the request has no such key.
   * Key names are case-insensitive in IAM ({@code AWS:SourceIp} is {@code aws:SourceIp}), and
   * {@code key} arrives as the policy spells it, so implementations must compare ignoring case.
   * An empty list counts as an absent key.
   */
  Optional<List<String>> values(String key);

  /** A request context with no keys. */
  static ContextKeys empty() {
    return key -> Optional.empty();
  }

  /** A fixed request context; key names are matched ignoring case. */
  static ContextKeys of(Map<String, ? extends List<String>> values) {
    Map<String, List<String>> byLowerKey = new HashMap<>();
    values.forEach((key, list) -> byLowerKey.put(key.toLowerCase(Locale.ROOT), List.copyOf(list)));
    return key -> Optional.ofNullable(byLowerKey.get(key.toLowerCase(Locale.ROOT)));
  }
}
