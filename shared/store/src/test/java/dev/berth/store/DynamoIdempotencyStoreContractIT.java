package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.IdempotencyStore;
import dev.berth.core.store.contract.IdempotencyStoreContract;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The IdempotencyStore contract, on DynamoDB (the emulator), in tables of its own. */
class DynamoIdempotencyStoreContractIT extends IdempotencyStoreContract {
  private static Config config;

  @BeforeAll
  static void createTables() {
    config = Emulator.freshTables("idem-contract");
  }

  @AfterAll
  static void dropTables() {
    Emulator.drop(config);
  }

  @Override
  protected IdempotencyStore newStore() {
    return new DynamoIdempotencyStore(Emulator.dynamo(), config);
  }
}
