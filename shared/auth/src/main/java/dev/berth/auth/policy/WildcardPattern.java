package dev.berth.auth.policy;

import java.util.Arrays;

/**
 * A compiled IAM wildcard pattern: {@code *} matches any run of characters (including {@code :}
 * and {@code /}), {@code ?} exactly one. Built once when the policy is parsed, so matching needs no
 * regular expression. A character that came from an escape ({@code ${*}}) or a policy variable is
 * stored as a literal and never acts as a wildcard.
 */
final class WildcardPattern {

  static final int STAR = -1;
  static final int QUESTION = -2;

  private static final WildcardPattern ANYTHING = new WildcardPattern(new int[] {STAR});

  /** Characters as non-negative code units, wildcards as {@link #STAR} and {@link #QUESTION}. */
  private final int[] tokens;
  private final boolean matchesAnything;
  /** The pattern's text when it has no wildcards, so a match is a plain comparison. */
  private final String literal;

  private WildcardPattern(int[] tokens) {
    this.tokens = tokens;
    this.matchesAnything = Arrays.stream(tokens).allMatch(t -> t == STAR) && tokens.length > 0;
    this.literal = Arrays.stream(tokens).allMatch(t -> t >= 0) ? text(tokens) : null;
  }

  static WildcardPattern of(int[] tokens) {
    return tokens.length == 1 && tokens[0] == STAR ? ANYTHING : new WildcardPattern(tokens);
  }

  /** A pattern from plain text in which every {@code *} and {@code ?} is a wildcard. */
  static WildcardPattern compile(String text) {
    int[] tokens = new int[text.length()];
    for (int i = 0; i < text.length(); i++) {
      tokens[i] = token(text.charAt(i));
    }
    return of(tokens);
  }

  static int token(char c) {
    return c == '*' ? STAR : c == '?' ? QUESTION : c;
  }

  boolean matches(String input) {
    if (matchesAnything) {
      return true;
    }
    if (literal != null) {
      return literal.equals(input);
    }
    return matches(tokens, 0, tokens.length, input, 0, input.length());
  }

  /**
   * Greedy matching with backtracking to the last star: linear in practice, and at worst
   * proportional to the product of the two lengths (never exponential).
   */
  static boolean matches(int[] pattern, int patternFrom, int patternTo, String input, int inputFrom, int inputTo) {
    int p = patternFrom;
    int s = inputFrom;
    int starAt = -1;
    int starInput = 0;
    while (s < inputTo) {
      if (p < patternTo && (pattern[p] == QUESTION || pattern[p] == input.charAt(s))) {
        p++;
        s++;
      } else if (p < patternTo && pattern[p] == STAR) {
        starAt = p++;
        starInput = s;
      } else if (starAt >= 0) {
        p = starAt + 1;
        s = ++starInput;
      } else {
        return false;
      }
    }
    while (p < patternTo && pattern[p] == STAR) {
      p++;
    }
    return p == patternTo;
  }

  int[] tokens() {
    return tokens;
  }

  private static String text(int[] tokens) {
    StringBuilder text = new StringBuilder(tokens.length);
    for (int token : tokens) {
      text.append((char) token);
    }
    return text.toString();
  }
}
