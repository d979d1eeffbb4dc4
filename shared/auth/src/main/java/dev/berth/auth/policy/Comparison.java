package dev.berth.auth.policy;

/** How a Numeric or Date operator compares the request value (left) with the policy value (right). */
enum Comparison {
  EQUALS, LESS_THAN, LESS_THAN_EQUALS, GREATER_THAN, GREATER_THAN_EQUALS;

  /** {@code compareTo} is {@code requestValue.compareTo(policyValue)}. */
  boolean holds(int compareTo) {
    return switch (this) {
      case EQUALS -> compareTo == 0;
      case LESS_THAN -> compareTo < 0;
      case LESS_THAN_EQUALS -> compareTo <= 0;
      case GREATER_THAN -> compareTo > 0;
      case GREATER_THAN_EQUALS -> compareTo >= 0;
    };
  }
}
