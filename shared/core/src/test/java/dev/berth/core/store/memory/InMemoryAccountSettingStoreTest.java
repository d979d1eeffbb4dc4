package dev.berth.core.store.memory;

import dev.berth.core.store.AccountSettingStore;
import dev.berth.core.store.contract.AccountSettingStoreContract;
import java.time.Clock;

class InMemoryAccountSettingStoreTest extends AccountSettingStoreContract {
  @Override
  protected AccountSettingStore newStore() {
    return new InMemoryAccountSettingStore(Clock.systemUTC(), StoreHooks.NONE);
  }
}
