package dev.berth.store;

import dev.berth.core.store.AccountSettingStore;
import dev.berth.core.store.contract.AccountSettingStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AccountSettingStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoAccountSettingStoreContractIT extends AccountSettingStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("settings-contract");

  @Override
  protected AccountSettingStore newStore() {
    return new DynamoAccountSettingStore(Emulator.dynamo(), TABLES.config());
  }
}
