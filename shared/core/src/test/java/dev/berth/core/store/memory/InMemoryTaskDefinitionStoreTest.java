package dev.berth.core.store.memory;

import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.contract.TaskDefinitionStoreContract;
import java.time.Clock;

class InMemoryTaskDefinitionStoreTest extends TaskDefinitionStoreContract {
  @Override
  protected TaskDefinitionStore newStore() {
    return new InMemoryTaskDefinitionStore(Clock.systemUTC(), StoreHooks.NONE);
  }
}
