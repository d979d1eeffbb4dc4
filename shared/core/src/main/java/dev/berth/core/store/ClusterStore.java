package dev.berth.core.store;

import dev.berth.model.Cluster;
import java.util.List;
import java.util.Optional;

/** Cluster items, keyed by name. Clusters are few and change rarely; listing scans. */
public interface ClusterStore {
  Optional<Cluster> get(String name);

  /**
   * Writes the cluster if it is new or replaces the one read at {@code expectedVersion}
   * (0 = must not exist, or must be INACTIVE at that version).
   */
  void put(Cluster cluster, long expectedVersion);

  /** Every cluster, sorted by name. */
  List<Cluster> all();
}
