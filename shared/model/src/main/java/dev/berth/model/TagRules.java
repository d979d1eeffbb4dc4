package dev.berth.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ECS's rules for resource tags: at most 50 user tags per resource (tags whose key starts with
 * {@code aws:} are ECS's own and do not count), keys of 1-128 and values of 0-256 characters from
 * letters, digits, spaces and {@code _ . : / = + - @}, keys unique per resource and case-sensitive.
 * Users can neither add nor remove a tag whose key or value starts with {@code aws:} in any case.
 */
public final class TagRules {
  public static final int MAX_USER_TAGS = 50;
  private static final Pattern TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private TagRules() {}

  /** Whether a tag is one of ECS's own ({@code aws:} prefix in any case). */
  public static boolean reserved(String text) {
    return text != null && text.toLowerCase(Locale.ROOT).startsWith("aws:");
  }

  /** Tags a user sends (on a create call or TagResource): checked, in order, duplicates refused. */
  public static List<Tag> requested(List<Tag> tags) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > MAX_USER_TAGS) {
      throw EcsException.invalidParameter("The number of tags in the request exceeds the limit of "
          + MAX_USER_TAGS + ".");
    }
    Map<String, Tag> byKey = new LinkedHashMap<>();
    for (Tag t : tags) {
      requireKey(t.key());
      String value = t.value();
      if (value == null) {
        throw EcsException.invalidParameter("Tag value for key " + t.key() + " cannot be null.");
      }
      if (value.length() > 256 || !TEXT.matcher(value).matches()) {
        throw EcsException.invalidParameter("Tag value for key " + t.key()
            + " must be at most 256 letters, digits, spaces or _.:/=+-@ characters.");
      }
      if (reserved(t.key()) || reserved(value)) {
        throw EcsException.invalidParameter("Tags with the aws: prefix are reserved and cannot be added, changed "
            + "or removed: " + t.key() + ".");
      }
      if (byKey.put(t.key(), t) != null) {
        throw EcsException.invalidParameter("Duplicate tag key in the request: " + t.key() + ".");
      }
    }
    return List.copyOf(byKey.values());
  }

  /** Keys a user names in UntagResource. */
  public static List<String> requestedKeys(List<String> keys) {
    if (keys == null) {
      return List.of();
    }
    for (String key : keys) {
      requireKey(key);
      if (reserved(key)) {
        throw EcsException.invalidParameter("Tags with the aws: prefix are reserved and cannot be added, changed "
            + "or removed: " + key + ".");
      }
    }
    return List.copyOf(keys);
  }

  /** {@code current} with {@code added} upserted by key (existing keys keep their place). */
  public static List<Tag> merge(List<Tag> current, Collection<Tag> added) {
    Map<String, Tag> byKey = new LinkedHashMap<>();
    current.forEach(t -> byKey.put(t.key(), t));
    added.forEach(t -> byKey.put(t.key(), t));
    List<Tag> out = new ArrayList<>(byKey.values());
    requireWithinLimit(out);
    return List.copyOf(out);
  }

  /** {@code current} without the tags of these keys; keys it does not have are ignored. */
  public static List<Tag> remove(List<Tag> current, Collection<String> keys) {
    return current.stream().filter(t -> !keys.contains(t.key())).toList();
  }

  /** Refuses a resource that would hold more than 50 user tags. */
  public static void requireWithinLimit(List<Tag> tags) {
    long user = tags.stream().filter(t -> !reserved(t.key())).count();
    if (user > MAX_USER_TAGS) {
      throw EcsException.invalidParameter("The resource would have " + user + " tags; the limit is "
          + MAX_USER_TAGS + ".");
    }
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 128 || !TEXT.matcher(key).matches()) {
      throw EcsException.invalidParameter("Tag keys must be 1 to 128 letters, digits, spaces or _.:/=+-@ "
          + "characters: " + key + ".");
    }
  }
}
