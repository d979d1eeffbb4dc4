package dev.berth.scheduler.query;

import dev.berth.model.EcsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the ECS cluster query language (memberOf constraints, ListContainerInstances filters):
 *
 * <pre>
 * query      = or EOF
 * or         = and { ("||" | "or") and }
 * and        = unary { ("&amp;&amp;" | "and") unary }
 * unary      = ("!" | "not") unary | "(" or ")" | condition
 * condition  = subject ( presence | membership list | comparison value )
 * subject    = "attribute:" name | "ec2InstanceId" | "agentConnected" | "agentVersion"
 *            | "registeredAt" | "runningTasksCount" | "task:group"
 * name       = { letter | digit | "." | "-" | "_" | "/" }-
 * presence   = "exists" | "!exists" | "not_exists"
 * membership = "in" | "!in" | "not_in"
 * comparison = "==" | "equals" | "!=" | "not_equals" | "&gt;" | "greater_than" | "&gt;=" | "greater_than_equal"
 *            | "&lt;" | "less_than" | "&lt;=" | "less_than_equal" | "=~" | "matches" | "!~" | "not_matches"
 * list       = "[" value { "," value } "]"
 * value      = "'" { any character but "'" } "'" | bare
 * </pre>
 *
 * Each subject accepts only the operators ECS documents for it; attributes accept all of them.
 *
 * Keywords and subjects are case-sensitive. A bare value runs to whitespace, a parenthesis, a quote,
 * {@code &&} or {@code ||}, and outside regular expressions to a bracket (and in a list to a comma).
 * Errors are {@code InvalidParameterException}s naming the 1-based character position.
 */
public final class QueryParser {
  /** ECS's limit on a memberOf expression. */
  public static final int MAX_LENGTH = 2000;

  private static final List<Operator> SYMBOLS_LONGEST_FIRST = List.of(Operator.GREATER_THAN_EQUAL,
      Operator.LESS_THAN_EQUAL, Operator.EQUALS, Operator.NOT_EQUALS, Operator.MATCHES, Operator.NOT_MATCHES,
      Operator.GREATER_THAN, Operator.LESS_THAN);

  private final String text;
  private int pos;

  private QueryParser(String text) {
    this.text = text;
  }

  /** Parses an expression, or throws {@code InvalidParameterException} saying where and why not. */
  public static Expression parse(String text) {
    if (text != null && text.length() > MAX_LENGTH) {
      throw error(MAX_LENGTH, "expressions are limited to " + MAX_LENGTH + " characters, this one has " + text.length());
    }
    QueryParser parser = new QueryParser(text == null ? "" : text);
    Expression expression = parser.or();
    parser.skipWhitespace();
    if (!parser.atEnd()) {
      throw parser.peek() == ')' ? error(parser.pos, "unbalanced ')', no '(' is open")
          : error(parser.pos, "expected 'and', 'or' or the end of the expression, found " + parser.found());
    }
    return expression;
  }

  /** Deeper nesting is refused rather than risking the stack of the function that parses it. */
  public static final int MAX_DEPTH = 64;

  private int depth;

  static EcsException error(int index, String message) {
    return EcsException.invalidParameter("Invalid query expression at position " + (index + 1) + ": " + message);
  }

  private Expression or() {
    Expression left = and();
    while (connective("||", "or")) {
      left = new Expression.Or(left, and());
    }
    return left;
  }

  private Expression and() {
    Expression left = unary();
    while (connective("&&", "and")) {
      left = new Expression.And(left, unary());
    }
    return left;
  }

  private Expression unary() {
    // Negations are counted, not nested: a long run of them costs no stack, and an even number
    // cancels out, so evaluation stays shallow too.
    boolean negated = false;
    while (true) {
      skipWhitespace();
      if (atEnd()) {
        throw error(pos, "expected a subject, '(' or 'not', found " + found());
      }
      if (peek() == '!') {
        pos++;
      } else if (keyword("not")) {
        pos += 3;
      } else {
        break;
      }
      negated = !negated;
    }
    Expression operand;
    if (peek() == '(') {
      int open = pos++;
      if (++depth > MAX_DEPTH) {
        throw error(open, "parentheses nested more than " + MAX_DEPTH + " deep");
      }
      Expression inner = or();
      depth--;
      skipWhitespace();
      if (atEnd() || peek() != ')') {
        throw error(pos, "expected ')' to close the '(' at position " + (open + 1) + ", found " + found());
      }
      pos++;
      operand = inner;
    } else {
      operand = condition();
    }
    return negated ? new Expression.Not(operand) : operand;
  }

  private Condition condition() {
    int start = pos;
    SubjectKind kind;
    String attributeName = null;
    if (text.startsWith(SubjectKind.ATTRIBUTE_PREFIX, pos)) {
      pos += SubjectKind.ATTRIBUTE_PREFIX.length();
      int nameStart = pos;
      while (!atEnd() && isAttributeNameChar(peek())) {
        pos++;
      }
      if (pos == nameStart) {
        throw error(pos, "expected an attribute name after 'attribute:', found " + found());
      }
      kind = SubjectKind.ATTRIBUTE;
      attributeName = text.substring(nameStart, pos);
    } else {
      while (!atEnd() && isWordChar(peek())) {
        pos++;
      }
      String word = text.substring(start, pos);
      if (word.isEmpty()) {
        throw error(start, "expected a subject, '(' or 'not', found " + found());
      }
      kind = SubjectKind.named(word);
      if (kind == null) {
        throw error(start, "unknown subject '" + word + "', expected one of " + SubjectKind.allSpellings());
      }
    }
    String subject = text.substring(start, pos);

    skipWhitespace();
    int operatorStart = pos;
    Operator operator = operator();
    if (operator == null) {
      throw error(operatorStart, "expected an operator after '" + subject + "', found " + found());
    }
    String written = text.substring(operatorStart, pos);
    if (!kind.allows(operator)) {
      throw error(operatorStart, "operator '" + written + "' cannot be used with '" + subject
          + "', expected one of " + kind.allowedOperators());
    }
    List<Literal> arguments = switch (operator.argument) {
      case NONE -> List.of();
      case LIST -> list(written);
      case ONE -> List.of(value("after '" + written + "'", "[]"));
      case REGEX -> List.of(value("after '" + written + "'", ""));
    };
    return kind.condition(subject, attributeName, operator, arguments);
  }

  /** Reads an operator symbol or word at the cursor, or returns null without moving. */
  private Operator operator() {
    for (Operator operator : SYMBOLS_LONGEST_FIRST) {
      if (text.startsWith(operator.symbol, pos)) {
        pos += operator.symbol.length();
        return operator;
      }
    }
    int end = pos;
    while (end < text.length() && isWordChar(text.charAt(end))) {
      end++;
    }
    if (end == pos && text.startsWith("!", pos)) {
      end++; // !exists and !in are words with a leading '!'
      while (end < text.length() && isWordChar(text.charAt(end))) {
        end++;
      }
    }
    Operator named = Operator.named(text.substring(pos, end));
    if (named != null) {
      pos = end;
    }
    return named;
  }

  private List<Literal> list(String operator) {
    skipWhitespace();
    if (atEnd() || peek() != '[') {
      throw error(pos, "expected '[' to start the list after '" + operator + "', found " + found());
    }
    pos++;
    skipWhitespace();
    if (!atEnd() && peek() == ']') {
      throw error(pos, "expected at least one value in the list after '" + operator + "'");
    }
    List<Literal> values = new ArrayList<>();
    while (true) {
      values.add(value("in the list", "[],"));
      skipWhitespace();
      if (!atEnd() && peek() == ',') {
        pos++;
      } else if (!atEnd() && peek() == ']') {
        pos++;
        return values;
      } else {
        throw error(pos, "expected ',' or ']' in the list, found " + found());
      }
    }
  }

  /**
   * A quoted value, or a bare one ending at whitespace, a parenthesis, a quote, {@code &&},
   * {@code ||} or one of {@code stops}.
   */
  private Literal value(String where, String stops) {
    skipWhitespace();
    int start = pos;
    if (!atEnd() && peek() == '\'') {
      int close = text.indexOf('\'', start + 1);
      if (close < 0) {
        throw error(start, "unterminated quoted value, expected a closing '");
      }
      pos = close + 1;
      return new Literal(text.substring(start + 1, close), start);
    }
    while (!atEnd() && !endsBareValue(stops)) {
      pos++;
    }
    if (pos == start) {
      throw error(start, "expected a value " + where + ", found " + found());
    }
    return new Literal(text.substring(start, pos), start);
  }

  private boolean endsBareValue(String stops) {
    char c = peek();
    return Character.isWhitespace(c) || c == '(' || c == ')' || c == '\'' || stops.indexOf(c) >= 0
        || text.startsWith("&&", pos) || text.startsWith("||", pos);
  }

  /** Consumes a connective's symbol, or its word when it stands alone. */
  private boolean connective(String symbol, String word) {
    skipWhitespace();
    if (text.startsWith(symbol, pos)) {
      pos += symbol.length();
      return true;
    }
    if (keyword(word)) {
      pos += word.length();
      return true;
    }
    return false;
  }

  /** Whether {@code word} is at the cursor and not just the start of a longer word. */
  private boolean keyword(String word) {
    int end = pos + word.length();
    return text.startsWith(word, pos) && (end == text.length() || !isWordChar(text.charAt(end)));
  }

  /** What is at the cursor, for error messages. */
  private String found() {
    if (atEnd()) {
      return "the end of the expression";
    }
    int end = pos;
    if ("()[],'".indexOf(peek()) >= 0) {
      end++;
    } else {
      while (end < text.length() && end - pos < 20 && !Character.isWhitespace(text.charAt(end))
          && "()[],'".indexOf(text.charAt(end)) < 0) {
        end++;
      }
    }
    return "'" + text.substring(pos, end) + "'";
  }

  private static boolean isAttributeNameChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '/';
  }

  private static boolean isWordChar(char c) {
    return isAttributeNameChar(c) || c == ':';
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private void skipWhitespace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }
}
