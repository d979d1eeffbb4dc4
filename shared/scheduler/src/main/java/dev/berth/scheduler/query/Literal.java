package dev.berth.scheduler.query;

/** A value as written in the expression, with its (0-based) index for error messages. */
record Literal(String text, int index) {

  /** The value as it would be written: bare when that parses back to the same value, else quoted. */
  static String render(String value) {
    return needsQuotes(value) ? "'" + value + "'" : value;
  }

  private static boolean needsQuotes(String value) {
    if (value.isEmpty() || value.contains("&&") || value.contains("||")) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || "()[],'".indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }
}
