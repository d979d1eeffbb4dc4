package dev.berth.store;

import dev.berth.core.store.TaskStore;
import dev.berth.core.store.contract.TaskStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TaskStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoTaskStoreContractIT extends TaskStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("task-contract");

  @Override
  protected TaskStore newStore(java.time.Clock clock) {
    return new DynamoTaskStore(Emulator.dynamo(), TABLES.config(), clock);
  }
}
