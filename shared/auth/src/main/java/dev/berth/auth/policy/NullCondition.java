package dev.berth.auth.policy;

import java.util.List;

/**
 * {@code Null}: {@code "true"} holds when the key is absent (or has no values), {@code "false"}
 * when it is present. Several values are ORed like any other condition values.
 */
final class NullCondition implements Condition {

  private final String key;
  private final boolean whenAbsent;
  private final boolean whenPresent;

  NullCondition(String key, List<PolicyValue> values) {
    boolean absent = false;
    boolean present = false;
    for (PolicyValue value : values) {
      if (value.raw().equalsIgnoreCase("true")) {
        absent = true;
      } else if (value.raw().equalsIgnoreCase("false")) {
        present = true;
      } else {
        throw new MalformedPolicyException("Invalid value for Null condition: " + value.raw());
      }
    }
    this.key = key;
    this.whenAbsent = absent;
    this.whenPresent = present;
  }

  @Override
  public boolean holds(RequestScope request) {
    return request.values(key).isEmpty() ? whenAbsent : whenPresent;
  }
}
