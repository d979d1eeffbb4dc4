package dev.berth.core.store.memory;

import dev.berth.core.store.HeartbeatStore;
import dev.berth.core.store.contract.HeartbeatStoreContract;
import java.time.Clock;

class InMemoryHeartbeatStoreTest extends HeartbeatStoreContract {
  @Override
  protected HeartbeatStore newStore() {
    return new InMemoryHeartbeatStore(Clock.systemUTC(), StoreHooks.NONE);
  }
}
