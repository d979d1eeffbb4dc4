package dev.berth.protocol;

import dev.berth.model.EcsException;

/**
 * Whether text is valid Unicode. Java strings are UTF-16 and can hold a lone surrogate (a JSON
 * escape such as backslash-u-d800 makes one), which DynamoDB, SQS and UTF-8 logs cannot represent; such
 * text must be refused at the door rather than fail, or be silently replaced, far downstream.
 */
public final class Unicode {
  private Unicode() {}

  public static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Throws SerializationException naming {@code what} (never quoting the bad text) when it is not. */
  public static void requireWellFormed(String s, String what) {
    if (!isWellFormed(s)) {
      String shown = what.length() <= 200 ? what : what.substring(0, 200) + "...";
      throw EcsException.serialization(shown + " is not valid Unicode: it holds a lone UTF-16 surrogate.");
    }
  }
}
