package dev.berth.core.store.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A DynamoDB table in memory: items by hash key, then by range key, each partition in range-key
 * order as a Query returns it. Items are immutable values; a write replaces one. Not thread-safe:
 * the stores guard it.
 */
final class Table<V> {
  private final TreeMap<String, TreeMap<String, V>> partitions = new TreeMap<>();

  Optional<V> get(String hash, String range) {
    var partition = partitions.get(hash);
    return partition == null ? Optional.empty() : Optional.ofNullable(partition.get(range));
  }

  void put(String hash, String range, V item) {
    partitions.computeIfAbsent(hash, h -> new TreeMap<>()).put(range, item);
  }

  Optional<V> remove(String hash, String range) {
    var partition = partitions.get(hash);
    if (partition == null) {
      return Optional.empty();
    }
    V old = partition.remove(range);
    if (partition.isEmpty()) {
      partitions.remove(hash);
    }
    return Optional.ofNullable(old);
  }

  /** One partition's items in range-key order. */
  List<V> partition(String hash) {
    var partition = partitions.get(hash);
    return partition == null ? List.of() : List.copyOf(partition.values());
  }

  /** One partition's entries (range key and item) in range-key order. */
  List<Map.Entry<String, V>> entries(String hash) {
    var partition = partitions.get(hash);
    return partition == null ? List.of() : List.copyOf(partition.entrySet());
  }

  /** Every item, by hash key then range key. */
  List<V> all() {
    List<V> out = new ArrayList<>();
    partitions.values().forEach(p -> out.addAll(p.values()));
    return out;
  }

  /** Removes every item that matches (DynamoDB's TTL deletion, for instance); returns how many. */
  int removeIf(Predicate<V> expired) {
    int removed = 0;
    for (var partition : partitions.values()) {
      int before = partition.size();
      partition.values().removeIf(expired);
      removed += before - partition.size();
    }
    partitions.values().removeIf(Map::isEmpty);
    return removed;
  }
}
