package dev.berth.store;

import static dev.berth.store.Items.n;
import static dev.berth.store.Items.s;

import dev.berth.core.store.Pending;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The pending-event mark on a task or container-instance item: {@code eventPendingAt}, the time of
 * the write, is set by the very write that changes the item (so no change is stored without it)
 * and removed once EventBridge has the event for that version. A crash in between leaves the mark,
 * which the sweep finds through the sparse {@link Tables#BY_PENDING_EVENT} index.
 */
final class EventMarks {
  private final DynamoDbClient dynamo;
  private final String table;
  private final String rangeKey;

  EventMarks(DynamoDbClient dynamo, String table) {
    this(dynamo, table, "id");
  }

  EventMarks(DynamoDbClient dynamo, String table, String rangeKey) {
    this.dynamo = dynamo;
    this.table = table;
    this.rangeKey = rangeKey;
  }

  /** The item as it is now with the time of its mark, if it still carries one (read consistently). */
  <T> Optional<Pending<T>> pending(String cluster, String id, Function<Map<String, AttributeValue>, T> map) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, id)).consistentRead(true)).item();
    if (item == null || !item.containsKey(Tables.EVENT_PENDING_AT) || item.containsKey("tombstone")) {
      return Optional.empty();
    }
    return Optional.of(new Pending<>(map.apply(item),
        Instant.ofEpochMilli(Long.parseLong(item.get(Tables.EVENT_PENDING_AT).n()))));
  }

  /**
   * Removes the mark, but only while the item is still at {@code version}: a newer write set its own
   * mark, whose event is still to be sent. False when that happened (or the mark was already gone).
   */
  boolean clear(String cluster, String id, long version) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(cluster, id))
          .updateExpression("REMOVE " + Tables.EVENT_PENDING_AT)
          .conditionExpression("version = :v AND attribute_exists(" + Tables.EVENT_PENDING_AT + ")")
          .expressionAttributeValues(Map.of(":v", n(version))));
      return true;
    } catch (ConditionalCheckFailedException moved) {
      return false;
    }
  }

  /** The ids of the cluster's items marked before {@code before} (eventually consistent index). */
  List<String> markedBefore(String cluster, Instant before) {
    List<String> ids = new ArrayList<>();
    dynamo.queryPaginator(b -> b.tableName(table).indexName(Tables.BY_PENDING_EVENT)
            .keyConditionExpression("#c = :c AND #p < :before")
            .expressionAttributeNames(Map.of("#c", "cluster", "#p", Tables.EVENT_PENDING_AT))
            .expressionAttributeValues(Map.of(":c", s(cluster), ":before", n(before.toEpochMilli()))))
        .items().forEach(item -> ids.add(item.get(rangeKey).s()));
    return ids;
  }

  static AttributeValue at(Instant when) {
    return n(when.toEpochMilli());
  }

  private Map<String, AttributeValue> key(String cluster, String id) {
    return Map.of("cluster", s(cluster), rangeKey, s(id));
  }
}
