package dev.berth.store;

import dev.berth.core.store.HeartbeatStore;
import dev.berth.core.store.contract.HeartbeatStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HeartbeatStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoHeartbeatStoreContractIT extends HeartbeatStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("heartbeat-contract");

  @Override
  protected HeartbeatStore newStore() {
    return new DynamoHeartbeatStore(Emulator.dynamo(), TABLES.config());
  }
}
