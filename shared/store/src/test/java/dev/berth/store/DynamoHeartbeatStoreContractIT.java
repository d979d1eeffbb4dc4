package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.HeartbeatStore;
import dev.berth.core.store.contract.HeartbeatStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The HeartbeatStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoHeartbeatStoreContractIT extends HeartbeatStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("heartbeat-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected HeartbeatStore newStore() {
    return new DynamoHeartbeatStore(Emulator.dynamo(), config);
  }
}
