package dev.berth.store;

import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.contract.ClusterStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClusterStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoClusterStoreContractIT extends ClusterStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("cluster-contract");

  @Override
  protected ClusterStore newStore() {
    return new DynamoClusterStore(Emulator.dynamo(), TABLES.config());
  }
}
