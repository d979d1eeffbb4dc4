package dev.berth.core.store.memory;

import dev.berth.core.store.TaskStore;
import dev.berth.core.store.contract.TaskStoreContract;
import java.time.Clock;

class InMemoryTaskStoreTest extends TaskStoreContract {
  @Override
  protected TaskStore newStore(Clock clock) {
    return new InMemoryTaskStore(clock, StoreHooks.NONE);
  }
}
