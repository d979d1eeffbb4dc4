package dev.berth.core.store.memory;

import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.contract.ClusterStoreContract;
import java.time.Clock;

class InMemoryClusterStoreTest extends ClusterStoreContract {
  @Override
  protected ClusterStore newStore() {
    return new InMemoryClusterStore(Clock.systemUTC(), StoreHooks.NONE);
  }
}
