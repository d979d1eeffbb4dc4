package dev.berth.core.store.memory;

import dev.berth.core.store.AgentConnectionStore;
import dev.berth.core.store.contract.AgentConnectionStoreContract;
import java.time.Clock;

class InMemoryAgentConnectionStoreTest extends AgentConnectionStoreContract {
  @Override
  protected AgentConnectionStore newStore() {
    return new InMemoryAgentConnectionStore(Clock.systemUTC(), StoreHooks.NONE);
  }
}
