package dev.berth.core.store.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The sparse by-pending-event index, in memory: the keys of a partition's items that carry a mark
 * set before a time, in mark order (ties in key order), as a Query of the index returns them.
 */
final class EventMarks {
  /** An item's mark: when the write that set it happened, in epoch milliseconds; null when none. */
  interface Marked {
    Long pendingAt();
  }

  static <V extends Marked> List<String> before(List<Map.Entry<String, V>> partition, long beforeMillis) {
    List<Map.Entry<String, V>> marked = new ArrayList<>();
    for (var e : partition) {
      Long at = e.getValue().pendingAt();
      if (at != null && at < beforeMillis) {
        marked.add(e);
      }
    }
    marked.sort(Comparator.comparing((Map.Entry<String, V> e) -> e.getValue().pendingAt())
        .thenComparing(Map.Entry::getKey));
    return marked.stream().map(Map.Entry::getKey).toList();
  }

  private EventMarks() {}
}
