package dev.berth.scheduler.query;

/**
 * A parsed cluster query language expression. Immutable and thread-safe: parse once with
 * {@link QueryParser#parse}, then test as many instances as needed. {@link #toString()} gives a
 * canonical, fully parenthesised form that parses back to the same expression.
 */
public sealed interface Expression permits Expression.And, Expression.Or, Expression.Not, Condition {

  /** Whether the instance satisfies this expression. */
  boolean matches(Subject subject);

  /** {@code left and right}; the right side is not evaluated when the left is false. */
  record And(Expression left, Expression right) implements Expression {
    @Override
    public boolean matches(Subject subject) {
      return left.matches(subject) && right.matches(subject);
    }

    @Override
    public String toString() {
      return "(" + left + " and " + right + ")";
    }
  }

  /** {@code left or right}; the right side is not evaluated when the left is true. */
  record Or(Expression left, Expression right) implements Expression {
    @Override
    public boolean matches(Subject subject) {
      return left.matches(subject) || right.matches(subject);
    }

    @Override
    public String toString() {
      return "(" + left + " or " + right + ")";
    }
  }

  /** {@code not operand}. */
  record Not(Expression operand) implements Expression {
    @Override
    public boolean matches(Subject subject) {
      return !operand.matches(subject);
    }

    @Override
    public String toString() {
      return "not(" + operand + ")";
    }
  }
}
