package dev.berth.store;

/**
 * SQS accepts only some characters in a message body (tab, newline, carriage return, U+0020 to
 * U+D7FF, U+E000 to U+FFFD and the supplementary planes); U+FFFE, U+FFFF or a lone surrogate make
 * SendMessage fail. Berth's bodies are JSON, where any character outside ASCII can only stand in a
 * string, so writing each as a backslash-u escape keeps the JSON identical and the body plain ASCII.
 */
final class QueueText {
  private QueueText() {}

  static String ascii(String json) {
    StringBuilder out = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < 0x80) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      out.append(String.format("\\u%04x", (int) c));
    }
    return out == null ? json : out.toString();
  }
}
