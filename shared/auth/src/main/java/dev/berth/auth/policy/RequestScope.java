package dev.berth.auth.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One evaluation's view of an {@link AuthorizationRequest}: the action in lower case (actions match
 * ignoring case) and the context keys, each read from the caller's {@link ContextKeys} at most once.
 * Not thread-safe; one per evaluation.
 */
final class RequestScope implements VariableResolver {

  private final String action;
  private final String resource;
  private final ContextKeys context;
  /** Keys already read, by lower-case name, since key names are case-insensitive. */
  private final Map<String, List<String>> read = new HashMap<>();

  RequestScope(AuthorizationRequest request) {
    this.action = request.action().toLowerCase(Locale.ROOT);
    this.resource = request.resource();
    this.context = request.context();
  }

  String action() {
    return action;
  }

  String resource() {
    return resource;
  }

  /** The key's values; an empty list when the request does not have the key. */
  List<String> values(String key) {
    return read.computeIfAbsent(key.toLowerCase(Locale.ROOT),
        lower -> context.values(key).map(List::copyOf).orElse(List.of()));
  }

  /** A variable needs exactly one value: an absent or multivalued key cannot stand in text. */
  @Override
  public Optional<String> variable(String key) {
    List<String> values = values(key);
    return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }
}
