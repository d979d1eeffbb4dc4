package dev.berth.core.store.contract;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ClusterStore;
import dev.berth.model.Cluster;
import dev.berth.model.KeyValue;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Tag;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every ClusterStore does: a cluster written new once, then only from the version read. */
public abstract class ClusterStoreContract {
  private ClusterStore store;
  private String name;

  protected abstract ClusterStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
    name = Fixtures.unique("cluster");
  }

  private Cluster cluster(String n) {
    return new Cluster(n, Cluster.ACTIVE, T0, 1, List.of(), List.of(new KeyValue("containerInsights", "disabled")));
  }

  @Test
  void aClusterIsWrittenNewOnceThenFromTheVersionRead() {
    store.put(cluster(name), 0);
    assertEquals(cluster(name), store.get(name).orElseThrow());
    assertThrows(OptimisticLockException.class, () -> store.put(cluster(name), 0), "exists");

    var next = cluster(name).with(List.of(new Tag("k", "v")), List.of(), null);
    store.put(next, 1);
    assertEquals(next, store.get(name).orElseThrow());
    assertEquals(2, store.get(name).orElseThrow().version());
    assertThrows(OptimisticLockException.class, () -> store.put(next.with(List.of(), List.of(), null), 1), "stale");
    assertTrue(store.get(name + "-missing").isEmpty());
  }

  @Test
  void allListsByName() {
    store.put(cluster(name + "-b"), 0);
    store.put(cluster(name + "-a"), 0);
    var ours = store.all().stream().map(Cluster::name).filter(n -> n.startsWith(name)).toList();
    assertEquals(List.of(name + "-a", name + "-b"), ours);
  }
}
