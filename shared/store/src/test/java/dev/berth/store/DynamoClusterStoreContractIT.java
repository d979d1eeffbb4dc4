package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.contract.ClusterStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ClusterStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoClusterStoreContractIT extends ClusterStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("cluster-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected ClusterStore newStore() {
    return new DynamoClusterStore(Emulator.dynamo(), config);
  }
}
