package dev.berth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.store.testing.Emulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The emulator alone: concurrent conditional updates of one item must be atomic, or the ledger
 * tests would measure the emulator's race instead of Berth's. 16 threads take one unit at a time
 * from 600 under {@code cpu >= :one}; exactly 600 may succeed.
 */
class EmulatorAtomicityIT {
  private static final String TABLE = "atomicity-" + Long.toHexString(System.nanoTime());
  private static final DynamoDbClient DYNAMO = Emulator.dynamo();

  @BeforeAll
  static void createTable() {
    DYNAMO.createTable(b -> b.tableName(TABLE).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
        .keySchema(k -> k.attributeName("id").keyType("HASH")));
    DYNAMO.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
  }

  @AfterAll
  static void dropTable() {
    DYNAMO.deleteTable(b -> b.tableName(TABLE));
  }

  @Test
  void concurrentConditionalUpdatesOfOneItemNeverOverspend() throws Exception {
    DYNAMO.putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS("pool"),
        "cpu", AttributeValue.fromN("600"))));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> workers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      workers.add(pool.submit(() -> {
        int taken = 0;
        while (true) {
          try {
            DYNAMO.updateItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("pool")))
                .updateExpression("SET cpu = cpu - :one")
                .conditionExpression("cpu >= :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            taken++;
          } catch (ConditionalCheckFailedException exhausted) {
            return taken;
          }
        }
      }));
    }
    int acknowledged = 0;
    for (Future<Integer> w : workers) {
      acknowledged += w.get();
    }
    pool.shutdown();
    String left = DYNAMO.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("pool")))
        .consistentRead(true)).item().get("cpu").n();
    assertEquals(600, acknowledged, "acknowledged decrements");
    assertEquals("0", left, "units left");
  }
}
