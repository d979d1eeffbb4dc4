package dev.berth.core.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.EventBus;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.model.Cluster;
import dev.berth.model.OptimisticLockException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults injected through the hooks: a crash before a write leaves nothing, one after leaves the write. */
class StoreHooksTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** Throws once, at the named point of the named operation. */
  private static final class CrashOnce implements StoreHooks {
    final String operation;
    final boolean after;
    final List<String> seen = new ArrayList<>();
    boolean crashed;

    CrashOnce(String operation, boolean after) {
      this.operation = operation;
      this.after = after;
    }

    private void maybeCrash(String op, boolean isAfter) {
      if (!crashed && op.equals(operation) && isAfter == after) {
        crashed = true;
        throw new IllegalStateException("crash");
      }
    }

    @Override
    public void beforeWrite(String store, String op) {
      seen.add("before " + store + "." + op);
      maybeCrash(op, false);
    }

    @Override
    public void afterWrite(String store, String op) {
      seen.add("after " + store + "." + op);
      maybeCrash(op, true);
    }

    @Override
    public void read(String store, String op, int items) {
      seen.add("read " + store + "." + op + " " + items);
    }
  }

  private static Cluster cluster() {
    return new Cluster("c", Cluster.ACTIVE, T0, 1, List.of(), List.of());
  }

  @Test
  void aCrashBeforeAWriteLeavesTheStoreAsItWas() {
    var hooks = new CrashOnce("put", false);
    var stores = new InMemoryStores(new ManualClock(T0), hooks);
    assertThrows(IllegalStateException.class, () -> stores.clusters.put(cluster(), 0));
    assertTrue(stores.clusters.get("c").isEmpty());
    stores.clusters.put(cluster(), 0);
    assertEquals(List.of("before ClusterStore.put", "read ClusterStore.get 0", "before ClusterStore.put",
        "after ClusterStore.put"), hooks.seen);
  }

  @Test
  void aCrashAfterAWriteLeavesTheWriteApplied() {
    var hooks = new CrashOnce("put", true);
    var stores = new InMemoryStores(new ManualClock(T0), hooks);
    assertThrows(IllegalStateException.class, () -> stores.clusters.put(cluster(), 0));
    assertTrue(stores.clusters.get("c").isPresent(), "applied, though the caller never heard");
    assertThrows(OptimisticLockException.class, () -> stores.clusters.put(cluster(), 0), "so a retry is refused");
    assertEquals("after ClusterStore.put", hooks.seen.get(hooks.seen.size() - 1),
        "a refused write is reported too");
  }

  @Test
  void anEventBusCallThatFailsBeforeKeepsNothingOfIt() {
    var hooks = new CrashOnce("put", false);
    var bus = new InMemoryEventBus(hooks);
    var event = new EventBus.Event("ECS Task State Change", "arn", "{}", T0);
    assertThrows(IllegalStateException.class, () -> bus.put(List.of(event)));
    assertTrue(bus.events().isEmpty());
    bus.put(java.util.Collections.nCopies(12, event));
    assertEquals(12, bus.events().size());
    assertEquals(2, hooks.seen.stream().filter(s -> s.startsWith("after")).count(), "ten to a call");
  }

  @Test
  void theConnectionPosterReachesOnlyOpenConnections() {
    var poster = new InMemoryConnectionPoster(StoreHooks.NONE);
    poster.open("conn-1");
    assertTrue(poster.post("conn-1", new byte[] {1}));
    poster.close("conn-1");
    assertFalse(poster.post("conn-1", new byte[] {2}), "gone");
    assertEquals(1, poster.posts().size());
  }
}
