package dev.berth.core.store.memory;

import dev.berth.core.store.IdempotencyStore;
import dev.berth.core.store.contract.IdempotencyStoreContract;
import java.time.Clock;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
  @Override
  protected IdempotencyStore newStore() {
    return new InMemoryIdempotencyStore(Clock.systemUTC(), StoreHooks.NONE);
  }
}
