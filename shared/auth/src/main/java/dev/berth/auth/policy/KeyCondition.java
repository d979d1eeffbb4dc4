package dev.berth.auth.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A condition that compares a key's request values with policy values.
 *
 * <p>Semantics, following IAM's documentation:
 * <ul>
 * <li>The policy values are ORed: a request value matches when it matches any of them. A negated
 *     operator is the negation of its positive twin, so its values are NORed.</li>
 * <li>Without a set qualifier, a key with several request values matches when any value matches.
 *     IAM asks for a qualifier on multivalued keys and leaves this case loose; any-match, negated
 *     as a whole for negated operators, is the reading that never lets a negated operator pass
 *     on a value it names.</li>
 * <li>An absent key (or one with no values) makes the condition false, except: with
 *     {@code IfExists} it is true; with a negated operator it is true (IAM: "if the policy
 *     condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and
 *     the right key is not present, the condition is true"); under {@code ForAllValues} it is
 *     true (every one of no values matches); under {@code ForAnyValue} it is false.</li>
 * <li>{@code ForAnyValue}: some request value satisfies the operator; {@code ForAllValues}: every
 *     request value does. For a negated operator, "satisfies" means matching none of the policy
 *     values.</li>
 * <li>When a policy variable in the values has no value, the condition is false, whatever the
 *     operator: an unresolved variable never makes a statement apply through a negation.</li>
 * </ul>
 */
final class KeyCondition implements Condition {

  private final ConditionOperator operator;
  private final String key;
  private final ValueMatcher matcher;

  KeyCondition(ConditionOperator operator, String key, ValueMatcher matcher) {
    this.operator = operator;
    this.key = key;
    this.matcher = matcher;
  }

  @Override
  public boolean holds(RequestScope request) {
    Optional<Predicate<String>> bound = matcher.bind(request);
    if (bound.isEmpty()) {
      return false;
    }
    Predicate<String> matches = bound.get();
    boolean negated = operator.base().negated();
    List<String> values = request.values(key);
    return switch (operator.qualifier()) {
      case NONE -> values.isEmpty()
          ? operator.ifExists() || negated
          : negated != values.stream().anyMatch(matches);
      case FOR_ANY_VALUE -> values.isEmpty()
          ? operator.ifExists()
          : values.stream().anyMatch(v -> negated != matches.test(v));
      case FOR_ALL_VALUES -> values.isEmpty()
          || values.stream().allMatch(v -> negated != matches.test(v));
    };
  }
}
