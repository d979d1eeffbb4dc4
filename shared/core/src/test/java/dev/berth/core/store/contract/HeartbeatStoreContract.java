package dev.berth.core.store.contract;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.HeartbeatStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every HeartbeatStore does: the last report of each instance, by cluster. */
public abstract class HeartbeatStoreContract {
  protected abstract HeartbeatStore newStore();

  @Test
  void theLastHeartbeatOfEachInstanceIsKept() {
    HeartbeatStore store = newStore();
    String cluster = Fixtures.unique("hb");
    assertTrue(store.last(cluster, "a").isEmpty());
    store.record(cluster, "a", T0);
    store.record(cluster, "a", T0.plusSeconds(30));
    store.record(cluster, "b", T0.plusSeconds(10));
    assertEquals(T0.plusSeconds(30), store.last(cluster, "a").orElseThrow());
    assertEquals(Map.of("a", T0.plusSeconds(30), "b", T0.plusSeconds(10)), store.inCluster(cluster));
    assertEquals(Map.of(), store.inCluster(Fixtures.unique("hb")));
  }
}
