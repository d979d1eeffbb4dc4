package dev.berth.scheduler.query;

import java.math.BigDecimal;

/** Orderings used by the comparison operators; none of them allocates on the common paths. */
final class Comparisons {
  private static final int LONG_SAFE_DIGITS = 18;

  /** An optional sign, digits, and an optional fraction: {@code 12}, {@code -3}, {@code 0.5}. */
  static boolean isNumber(String s) {
    int i = s.isEmpty() || (s.charAt(0) != '-' && s.charAt(0) != '+') ? 0 : 1;
    int digits = 0;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    if (i == s.length()) {
      return true;
    }
    if (s.charAt(i) != '.') {
      return false;
    }
    int fraction = ++i;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i == s.length() && i > fraction;
  }

  /** Numeric when both are numbers (the caller says whether the literal is), else lexicographic. */
  static int compareText(String value, String literal, boolean literalNumeric) {
    if (literalNumeric && isNumber(value)) {
      return compareNumbers(value, literal);
    }
    return value.compareTo(literal);
  }

  static int compareNumbers(String a, String b) {
    if (isSmallInteger(a) && isSmallInteger(b)) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return new BigDecimal(a).compareTo(new BigDecimal(b));
  }

  private static boolean isSmallInteger(String s) {
    return s.indexOf('.') < 0 && s.length() <= LONG_SAFE_DIGITS;
  }

  /**
   * Dotted versions, segment by segment: numerically when both segments are digits, else
   * lexicographically; a missing segment counts as 0.
   */
  static int compareVersions(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int iEnd = segmentEnd(a, i);
      int jEnd = segmentEnd(b, j);
      int c = compareSegments(a, i, iEnd, b, j, jEnd);
      if (c != 0) {
        return c;
      }
      i = iEnd + 1;
      j = jEnd + 1;
    }
    return 0;
  }

  private static int segmentEnd(String s, int from) {
    if (from >= s.length()) {
      return s.length();
    }
    int dot = s.indexOf('.', from);
    return dot < 0 ? s.length() : dot;
  }

  private static int compareSegments(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
    aFrom = Math.min(aFrom, aTo);
    bFrom = Math.min(bFrom, bTo);
    if (allDigits(a, aFrom, aTo) && allDigits(b, bFrom, bTo)) {
      while (aFrom < aTo && a.charAt(aFrom) == '0') {
        aFrom++;
      }
      while (bFrom < bTo && b.charAt(bFrom) == '0') {
        bFrom++;
      }
      int byLength = Integer.compare(aTo - aFrom, bTo - bFrom);
      if (byLength != 0) {
        return byLength;
      }
    }
    int n = Math.min(aTo - aFrom, bTo - bFrom);
    for (int k = 0; k < n; k++) {
      int c = Character.compare(a.charAt(aFrom + k), b.charAt(bFrom + k));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(aTo - aFrom, bTo - bFrom);
  }

  /** True for an empty range too: a missing segment reads as 0. */
  private static boolean allDigits(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!isDigit(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Comparisons() {}
}
