package dev.berth.auth.policy;

import java.util.List;
import java.util.Optional;

/** One parsed statement of a policy: effect, action, resource and conditions. */
public final class Statement {

  private final String sid;
  private final Effect effect;
  private final ElementMatcher actions;
  private final ElementMatcher resources;
  private final List<Condition> conditions;

  Statement(String sid, Effect effect, ElementMatcher actions, ElementMatcher resources, List<Condition> conditions) {
    this.sid = sid;
    this.effect = effect;
    this.actions = actions;
    this.resources = resources;
    this.conditions = List.copyOf(conditions);
  }

  /** The statement's {@code Sid}, if it has one. */
  public Optional<String> sid() {
    return Optional.ofNullable(sid);
  }

  public Effect effect() {
    return effect;
  }

  /**
   * Whether the statement applies to the request. Cheapest first: the action, then the resource
   * (which may read policy variables), then the conditions in order, stopping at the first that
   * fails, so a context key is read only when everything before it matched.
   */
  boolean applies(RequestScope request) {
    if (!actions.matches(request.action(), VariableResolver.NONE)
        || !resources.matches(request.resource(), request)) {
      return false;
    }
    for (Condition condition : conditions) {
      if (!condition.holds(request)) {
        return false;
      }
    }
    return true;
  }
}
