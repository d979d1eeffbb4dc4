package dev.berth.protocol;

import java.util.List;

/**
 * A request that breaks its operation's model, described the way AWS services describe it:
 * {@code 1 validation error detected: Value 'x' at 'userName' failed to satisfy constraint: Member
 * must have length less than or equal to 64}. Each API answers it with its own error code.
 */
public final class ModelViolation extends RuntimeException {
  private final List<String> violations;
  /** The member (its model name, as the client sends it) of the first violation. */
  private final String member;

  ModelViolation(List<String> violations, String member) {
    super(violations.size() + " validation error" + (violations.size() == 1 ? "" : "s") + " detected: "
        + String.join("; ", violations), null, false, false);
    this.violations = List.copyOf(violations);
    this.member = member;
  }

  public List<String> violations() {
    return violations;
  }

  public String member() {
    return member;
  }
}
