package dev.berth.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Store reads and writes (as the in-memory stores report them: one per DynamoDB, SQS or EventBridge
 * request) per virtual minute, each minute labelled with the phase the run was in.
 */
final class CostMeter {
  /** One virtual minute: its phase, read calls, items read, write calls, and writes by store. */
  static final class Minute {
    final long index;
    final String phase;
    long reads;
    long items;
    long writes;
    final Map<String, Long> writesByStore = new TreeMap<>();
    final Map<String, Long> readsByStore = new TreeMap<>();

    Minute(long index, String phase) {
      this.index = index;
      this.phase = phase;
    }
  }

  private final VirtualClock clock;
  private final List<Minute> minutes = new ArrayList<>();
  private String phase = "setup";
  private Minute current;

  CostMeter(VirtualClock clock) {
    this.clock = clock;
  }

  void phase(String name) {
    phase = name;
  }

  String phase() {
    return phase;
  }

  private Minute now() {
    long index = Duration.between(VirtualClock.EPOCH, clock.instant()).toMinutes();
    if (current == null || current.index != index) {
      current = new Minute(index, phase);
      minutes.add(current);
    }
    return current;
  }

  void read(String store, int items) {
    Minute m = now();
    m.reads++;
    m.items += items;
    m.readsByStore.merge(store, 1L, Long::sum);
  }

  void write(String store) {
    Minute m = now();
    m.writes++;
    m.writesByStore.merge(store, 1L, Long::sum);
  }

  /** The sum of the minutes {@code from} (inclusive) to {@code to} (exclusive), counted from the start. */
  Minute sum(long from, long to) {
    Minute total = new Minute(from, "sum");
    for (Minute m : minutes) {
      if (m.index >= from && m.index < to) {
        total.reads += m.reads;
        total.items += m.items;
        total.writes += m.writes;
        m.writesByStore.forEach((k, v) -> total.writesByStore.merge(k, v, Long::sum));
        m.readsByStore.forEach((k, v) -> total.readsByStore.merge(k, v, Long::sum));
      }
    }
    return total;
  }
}
