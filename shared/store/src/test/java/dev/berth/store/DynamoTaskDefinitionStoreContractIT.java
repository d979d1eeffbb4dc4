package dev.berth.store;

import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.contract.TaskDefinitionStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TaskDefinitionStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoTaskDefinitionStoreContractIT extends TaskDefinitionStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("taskdef-contract");

  @Override
  protected TaskDefinitionStore newStore() {
    return new DynamoTaskDefinitionStore(Emulator.dynamo(), TABLES.config());
  }
}
