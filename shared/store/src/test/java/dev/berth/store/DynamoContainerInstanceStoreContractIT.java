package dev.berth.store;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.contract.ContainerInstanceStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ContainerInstanceStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoContainerInstanceStoreContractIT extends ContainerInstanceStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("ci-contract");

  @Override
  protected ContainerInstanceStore newStore(java.time.Clock clock) {
    return new DynamoContainerInstanceStore(Emulator.dynamo(), TABLES.config(), clock);
  }
}
