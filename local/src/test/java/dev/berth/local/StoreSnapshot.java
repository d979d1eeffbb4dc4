package dev.berth.local;

import dev.berth.store.Tables;
import dev.berth.store.testing.Emulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every item of every table of a Berth, and the messages waiting and in flight on its queues. The
 * audit trail is left out: recording refused calls is its job.
 */
final class StoreSnapshot {
  private StoreSnapshot() {}

  static Object of(Berth berth) {
    List<Object> state = new ArrayList<>();
    for (Tables.Layout layout : new Tables(Emulator.dynamo(), berth.config).layouts()) {
      if (layout.name().equals(berth.config.auditTable())) {
        continue;
      }
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      Emulator.dynamo().scanPaginator(b -> b.tableName(layout.name()).consistentRead(true)).items().forEach(items::add);
      items.sort(Comparator.comparing(Object::toString));
      state.add(items);
    }
    for (String queue : List.of(berth.config.taskStateQueueUrl(), berth.config.reconcileQueueUrl())) {
      state.add(Emulator.sqs().getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes().values().stream()
          .mapToLong(Long::parseLong).sum());
    }
    return state;
  }
}
