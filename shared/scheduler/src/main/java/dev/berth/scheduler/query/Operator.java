package dev.berth.scheduler.query;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A comparison operator, with its symbol and its word alias. The negated ones are evaluated as the
 * negation of their positive form, so an absent value satisfies {@code !=}, {@code !exists},
 * {@code !in} and {@code !~}, and nothing else.
 */
enum Operator {
  EQUALS("==", "equals", Argument.ONE),
  NOT_EQUALS("!=", "not_equals", Argument.ONE),
  GREATER_THAN(">", "greater_than", Argument.ONE),
  GREATER_THAN_EQUAL(">=", "greater_than_equal", Argument.ONE),
  LESS_THAN("<", "less_than", Argument.ONE),
  LESS_THAN_EQUAL("<=", "less_than_equal", Argument.ONE),
  EXISTS("exists", "exists", Argument.NONE),
  NOT_EXISTS("!exists", "not_exists", Argument.NONE),
  IN("in", "in", Argument.LIST),
  NOT_IN("!in", "not_in", Argument.LIST),
  MATCHES("=~", "matches", Argument.REGEX),
  NOT_MATCHES("!~", "not_matches", Argument.REGEX);

  /** What follows the operator. */
  enum Argument { NONE, ONE, LIST, REGEX }

  private static final Map<String, Operator> BY_NAME = Stream.of(values())
      .flatMap(o -> Stream.of(Map.entry(o.word, o), Map.entry(o.symbol, o)))
      .distinct()
      .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  final String symbol;
  final String word;
  final Argument argument;

  Operator(String symbol, String word, Argument argument) {
    this.symbol = symbol;
    this.word = word;
    this.argument = argument;
  }

  /** The operator spelled so, by symbol or by word, or null. */
  static Operator named(String spelling) {
    return BY_NAME.get(spelling);
  }

  boolean negated() {
    return this == NOT_EQUALS || this == NOT_EXISTS || this == NOT_IN || this == NOT_MATCHES;
  }

  /** The operator this one negates, or itself. */
  Operator positive() {
    return switch (this) {
      case NOT_EQUALS -> EQUALS;
      case NOT_EXISTS -> EXISTS;
      case NOT_IN -> IN;
      case NOT_MATCHES -> MATCHES;
      default -> this;
    };
  }

  /** For {@code ==} and the orderings: whether a comparison result (as from compareTo) satisfies it. */
  boolean accepts(int comparison) {
    return switch (this) {
      case EQUALS -> comparison == 0;
      case GREATER_THAN -> comparison > 0;
      case GREATER_THAN_EQUAL -> comparison >= 0;
      case LESS_THAN -> comparison < 0;
      case LESS_THAN_EQUAL -> comparison <= 0;
      default -> throw new IllegalStateException(this + " is not a comparison");
    };
  }
}
