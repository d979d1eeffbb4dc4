package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.AccountSettingStore;
import dev.berth.core.store.contract.AccountSettingStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The AccountSettingStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoAccountSettingStoreContractIT extends AccountSettingStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("settings-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected AccountSettingStore newStore() {
    return new DynamoAccountSettingStore(Emulator.dynamo(), config);
  }
}
