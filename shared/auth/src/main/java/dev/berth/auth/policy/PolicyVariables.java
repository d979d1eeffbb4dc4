package dev.berth.auth.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits policy text into {@link PolicyValue} parts. Version 2012-10-17 reads {@code ${key}},
 * {@code ${key, 'default'}} (a doubled {@code ''} in the default is one quote) and the escapes
 * {@code ${*}}, {@code ${?}}, {@code ${$}}; version 2008-10-17 has no variables, so there the
 * text is taken as written. A {@code ${} that does not form a variable stays literal text.
 */
final class PolicyVariables {

  private PolicyVariables() {}

  static PolicyValue parse(String raw, boolean expand) {
    List<PolicyValue.Part> parts = new ArrayList<>();
    if (!expand) {
      parts.add(new PolicyValue.Text(raw));
      return new PolicyValue(raw, parts);
    }
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < raw.length()) {
      int close = raw.startsWith("${", i) ? raw.indexOf('}', i + 2) : -1;
      PolicyValue.Part part = close < 0 ? null : placeholder(raw.substring(i + 2, close));
      if (part == null) {
        text.append(raw.charAt(i++));
        continue;
      }
      if (!text.isEmpty()) {
        parts.add(new PolicyValue.Text(text.toString()));
        text.setLength(0);
      }
      parts.add(part);
      i = close + 1;
    }
    if (!text.isEmpty()) {
      parts.add(new PolicyValue.Text(text.toString()));
    }
    return new PolicyValue(raw, parts);
  }

  /** What sits between {@code ${} and {@code }}, or null when it is not a variable or an escape. */
  private static PolicyValue.Part placeholder(String inside) {
    if (inside.equals("*") || inside.equals("?") || inside.equals("$")) {
      return new PolicyValue.Escaped(inside.charAt(0));
    }
    int comma = inside.indexOf(',');
    String key = (comma < 0 ? inside : inside.substring(0, comma)).trim();
    if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
      return null;
    }
    if (comma < 0) {
      return new PolicyValue.Variable(key, null);
    }
    String fallback = quoted(inside.substring(comma + 1).trim());
    return fallback == null ? null : new PolicyValue.Variable(key, fallback);
  }

  /** {@code 'text'} with {@code ''} standing for one quote, or null when not so quoted. */
  private static String quoted(String text) {
    if (text.length() < 2 || text.charAt(0) != '\'' || text.charAt(text.length() - 1) != '\'') {
      return null;
    }
    String body = text.substring(1, text.length() - 1);
    if (body.replace("''", "").indexOf('\'') >= 0) {
      return null;
    }
    return body.replace("''", "'");
  }
}
