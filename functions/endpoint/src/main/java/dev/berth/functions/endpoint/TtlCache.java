package dev.berth.functions.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A warm container's memory of recent answers, each kept for at most its time to live, so the
 * worst-case delay before a revoked key stops working is that time. Bounded: when full it forgets
 * everything, which costs only lookups.
 */
final class TtlCache<K, V> {
  private record Entry<V>(V value, Instant expires) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int maxEntries;

  TtlCache(Clock clock, int maxEntries) {
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  /** The cached value, or {@code load}'s, kept for {@code ttl(value)}. */
  V get(K key, Function<K, V> load, Function<V, Duration> ttl) {
    Instant now = clock.instant();
    Entry<V> entry = entries.get(key);
    if (entry != null && entry.expires().isAfter(now)) {
      return entry.value();
    }
    V value = load.apply(key);
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, now.plus(ttl.apply(value))));
    return value;
  }
}
