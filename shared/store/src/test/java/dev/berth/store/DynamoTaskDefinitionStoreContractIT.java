package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.contract.TaskDefinitionStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The TaskDefinitionStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoTaskDefinitionStoreContractIT extends TaskDefinitionStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("taskdef-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected TaskDefinitionStore newStore() {
    return new DynamoTaskDefinitionStore(Emulator.dynamo(), config);
  }
}
