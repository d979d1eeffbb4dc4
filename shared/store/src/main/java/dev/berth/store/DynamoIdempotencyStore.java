package dev.berth.store;

import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;

import dev.berth.core.Config;
import dev.berth.core.store.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency records for client tokens: the first request with a token claims it with a
 * conditional put (recording a hash of the request and the task ids it will use), and stores its
 * result when done. Records expire after a day.
 */
@Singleton
public final class DynamoIdempotencyStore implements IdempotencyStore {
  static final Duration RETENTION = Duration.ofHours(24);

  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public DynamoIdempotencyStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.idempotencyTable();
  }

  @Override
  public Optional<Record> claim(Record record) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(toItem(record)).conditionExpression("attribute_not_exists(#k)")
          .expressionAttributeNames(Map.of("#k", "key")));
      return Optional.empty();
    } catch (ConditionalCheckFailedException taken) {
      return get(record.key());
    }
  }

  @Override
  public boolean takeOver(Record abandoned, Instant now) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(Map.of("key", s(abandoned.key())))
          .updateExpression("SET claimedAt = :now, version = :next")
          .conditionExpression("version = :v AND attribute_not_exists(#r)")
          .expressionAttributeNames(Map.of("#r", "result"))
          .expressionAttributeValues(Map.of(":now", Items.time(now), ":v", n(abandoned.version()),
              ":next", n(abandoned.version() + 1))));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  @Override
  public Optional<Record> get(String key) {
    var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("key", s(key))).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public void finish(String key, String result) {
    dynamo.updateItem(b -> b.tableName(table).key(Map.of("key", s(key)))
        .updateExpression("SET #r = :r")
        .expressionAttributeNames(Map.of("#r", "result"))
        .expressionAttributeValues(Map.of(":r", s(result))));
  }

  private static Map<String, AttributeValue> toItem(Record r) {
    var item = Items.item();
    item.put("key", s(r.key()));
    item.put("requestHash", s(r.requestHash()));
    item.put("ids", Items.strings(r.ids()));
    item.put("claimedAt", Items.time(r.claimedAt()));
    Items.put(item, "result", r.result());
    item.put("version", n(r.version()));
    item.put("expiresAt", n(r.claimedAt().plus(RETENTION).getEpochSecond()));
    return item;
  }

  private static Record fromItem(Map<String, AttributeValue> item) {
    return new Record(str(item, "key"), str(item, "requestHash"), Items.strings(item, "ids"),
        Items.time(item, "claimedAt"), str(item, "result"), num(item, "version"));
  }
}
