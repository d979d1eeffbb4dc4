package dev.berth.simulation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The last few steps that touched each resource (instance, task or service), for a violation's report. */
final class Trace {
  static final int KEEP = 12;

  private final Map<String, ArrayDeque<String>> byResource = new HashMap<>();

  void record(String entry, Collection<String> resources) {
    for (String r : resources) {
      ArrayDeque<String> q = byResource.computeIfAbsent(r, k -> new ArrayDeque<>(4));
      if (q.size() == KEEP) {
        q.removeFirst();
      }
      q.addLast(entry);
    }
  }

  List<String> of(String resource) {
    ArrayDeque<String> q = byResource.get(resource);
    return q == null ? List.of() : new ArrayList<>(q);
  }
}
