package dev.berth.store;

import dev.berth.core.store.IdempotencyStore;
import dev.berth.core.store.contract.IdempotencyStoreContract;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The IdempotencyStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoIdempotencyStoreContractIT extends IdempotencyStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("idem-contract");

  @Override
  protected IdempotencyStore newStore() {
    return new DynamoIdempotencyStore(Emulator.dynamo(), TABLES.config());
  }
}
