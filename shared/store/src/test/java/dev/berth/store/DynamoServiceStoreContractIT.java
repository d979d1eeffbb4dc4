package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.contract.ServiceStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ServiceStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoServiceStoreContractIT extends ServiceStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("service-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected ServiceStore newStore(java.time.Clock clock) {
    return new DynamoServiceStore(Emulator.dynamo(), config, clock);
  }
}
