package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.contract.ContainerInstanceStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ContainerInstanceStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoContainerInstanceStoreContractIT extends ContainerInstanceStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("ci-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected ContainerInstanceStore newStore(java.time.Clock clock) {
    return new DynamoContainerInstanceStore(Emulator.dynamo(), config, clock);
  }
}
