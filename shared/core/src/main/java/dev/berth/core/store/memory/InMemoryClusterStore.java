package dev.berth.core.store.memory;

import dev.berth.core.store.ClusterStore;
import dev.berth.model.Cluster;
import dev.berth.model.OptimisticLockException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Cluster items in memory, keyed by name, written as DynamoClusterStore writes them. */
public final class InMemoryClusterStore extends Guarded implements ClusterStore {
  private static final String ITEM = "";

  private final Table<Cluster> table = new Table<>();

  public InMemoryClusterStore(Clock clock, StoreHooks hooks) {
    super("ClusterStore", clock, hooks);
  }

  @Override
  public Optional<Cluster> get(String name) {
    return readOne("get", () -> table.get(name, ITEM));
  }

  @Override
  public void put(Cluster cluster, long expectedVersion) {
    write("put", () -> {
      var old = table.get(cluster.name(), ITEM);
      boolean holds = expectedVersion == 0 ? old.isEmpty() : old.isPresent() && old.get().version() == expectedVersion;
      if (!holds) {
        throw new OptimisticLockException("cluster " + cluster.name());
      }
      table.put(cluster.name(), ITEM, cluster);
    });
  }

  @Override
  public List<Cluster> all() {
    return read("all", table::all, List::size);
  }
}
