package dev.berth.store;

import dev.berth.core.store.AgentConnectionStore;
import dev.berth.core.store.contract.AgentConnectionStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AgentConnectionStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoAgentConnectionStoreContractIT extends AgentConnectionStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("conn-contract");

  @Override
  protected AgentConnectionStore newStore() {
    return new DynamoAgentConnectionStore(Emulator.dynamo(), TABLES.config());
  }
}
