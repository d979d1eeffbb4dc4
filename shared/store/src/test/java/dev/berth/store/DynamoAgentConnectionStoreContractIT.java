package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.AgentConnectionStore;
import dev.berth.core.store.contract.AgentConnectionStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The AgentConnectionStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoAgentConnectionStoreContractIT extends AgentConnectionStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("conn-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected AgentConnectionStore newStore() {
    return new DynamoAgentConnectionStore(Emulator.dynamo(), config);
  }
}
