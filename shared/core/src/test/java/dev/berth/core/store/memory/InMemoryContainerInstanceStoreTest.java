package dev.berth.core.store.memory;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.contract.ContainerInstanceStoreContract;
import java.time.Clock;

class InMemoryContainerInstanceStoreTest extends ContainerInstanceStoreContract {
  @Override
  protected ContainerInstanceStore newStore(Clock clock) {
    return new InMemoryContainerInstanceStore(clock, StoreHooks.NONE);
  }
}
