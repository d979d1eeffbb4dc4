package dev.berth.core.store.memory;

import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.contract.ServiceStoreContract;
import java.time.Clock;

class InMemoryServiceStoreTest extends ServiceStoreContract {
  @Override
  protected ServiceStore newStore(Clock clock) {
    return new InMemoryServiceStore(clock, StoreHooks.NONE);
  }
}
