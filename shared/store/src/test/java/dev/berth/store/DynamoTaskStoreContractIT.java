package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.TaskStore;
import dev.berth.core.store.contract.TaskStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The TaskStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoTaskStoreContractIT extends TaskStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("task-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected TaskStore newStore(java.time.Clock clock) {
    return new DynamoTaskStore(Emulator.dynamo(), config, clock);
  }
}
