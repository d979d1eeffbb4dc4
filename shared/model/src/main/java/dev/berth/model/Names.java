package dev.berth.model;

import java.util.regex.Pattern;

/** ECS's name rules: up to 255 letters, digits, hyphens and underscores. */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  public static boolean isName(String value) {
    return value != null && NAME.matcher(value).matches();
  }

  public static String requireName(String what, String value) {
    if (!isName(value)) {
      throw EcsException.invalidParameter(
          what + " can have up to 255 characters: letters (upper and lower case), numbers, underscores and hyphens.");
    }
    return value;
  }

  private Names() {}
}
