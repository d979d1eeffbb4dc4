package dev.berth.store;

import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.contract.ServiceStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ServiceStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoServiceStoreContractIT extends ServiceStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("service-contract");

  @Override
  protected ServiceStore newStore(java.time.Clock clock) {
    return new DynamoServiceStore(Emulator.dynamo(), TABLES.config(), clock);
  }
}
