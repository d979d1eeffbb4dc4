package dev.berth.core.store.contract;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.AgentConnectionStore;
import org.junit.jupiter.api.Test;

/** What every AgentConnectionStore does: the instance's newest connection, until it disconnects or outlives its lifetime. */
public abstract class AgentConnectionStoreContract {
  protected abstract AgentConnectionStore newStore();

  @Test
  void theNewestConnectionHoldsUntilItGoesOrOutlivesItsLifetime() {
    AgentConnectionStore store = newStore();
    String cluster = Fixtures.unique("conn");
    store.connected(cluster, "a", "conn-1", T0);
    store.connected(cluster, "a", "conn-2", T0.plusSeconds(5));
    var c = store.get(cluster, "a", T0.plusSeconds(6)).orElseThrow();
    assertEquals("conn-2", c.connectionId());
    assertEquals(T0.plusSeconds(5), c.connectedAt());
    assertEquals(T0.plusSeconds(5).plus(AgentConnectionStore.LIFETIME), c.expiresAt());
    assertTrue(store.get(cluster, "a", c.expiresAt()).isEmpty(), "outlived");

    assertFalse(store.disconnected(cluster, "a", "conn-1"), "a late $disconnect of the old one");
    assertTrue(store.get(cluster, "a", T0.plusSeconds(6)).isPresent());
    assertTrue(store.disconnected(cluster, "a", "conn-2"));
    assertTrue(store.get(cluster, "a", T0.plusSeconds(6)).isEmpty());
    assertFalse(store.disconnected(cluster, "a", "conn-2"));
  }
}
