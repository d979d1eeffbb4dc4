package dev.berth.core;

import dev.berth.model.EcsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * ECS pagination over a sorted list: {@code maxResults} 1-100 and an opaque {@code nextToken}
 * that names the last key returned, so pages stay correct when items come and go between calls.
 */
public record Page<T>(List<T> items, String nextToken) {

  public static <T> Page<T> of(List<T> sorted, Function<T, String> key, Integer maxResults, String nextToken,
      int defaultSize) {
    int size = maxResults == null ? defaultSize : maxResults;
    if (size < 1 || size > 100) {
      throw EcsException.invalidParameter("maxResults must be between 1 and 100.");
    }
    String after = nextToken == null ? null : decode(nextToken);
    List<T> rest = after == null ? sorted : sorted.stream().filter(t -> key.apply(t).compareTo(after) > 0).toList();
    if (rest.size() <= size) {
      return new Page<>(rest, null);
    }
    List<T> page = rest.subList(0, size);
    return new Page<>(List.copyOf(page), encode(key.apply(page.get(size - 1))));
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      String value = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!value.startsWith("k:")) {
        throw new IllegalArgumentException();
      }
      return value.substring(2);
    } catch (IllegalArgumentException e) {
      throw EcsException.invalidParameter("Invalid nextToken.");
    }
  }
}
