package dev.berth.store;

import static dev.berth.store.Items.s;

import dev.berth.core.Config;
import dev.berth.core.store.HeartbeatStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * When each container instance's agent last reported in: one small item per instance, apart from
 * the ledger item, so a heartbeat is a cheap unconditional write that never contends with
 * placements on the instance.
 */
@Singleton
public final class DynamoHeartbeatStore implements HeartbeatStore {
  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public DynamoHeartbeatStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.heartbeatsTable();
  }

  @Override
  public void record(String cluster, String instanceId, Instant at) {
    dynamo.putItem(b -> b.tableName(table).item(Map.of("cluster", s(cluster), "id", s(instanceId),
        "at", Items.time(at))));
  }

  @Override
  public Optional<Instant> last(String cluster, String instanceId) {
    var item = dynamo.getItem(b -> b.tableName(table)
        .key(Map.of("cluster", s(cluster), "id", s(instanceId))).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Items.time(item, "at"));
  }

  @Override
  public Map<String, Instant> inCluster(String cluster) {
    Map<String, Instant> out = new HashMap<>();
    Items.partition(dynamo, table, "cluster", cluster, item -> item)
        .forEach(item -> out.put(Items.str(item, "id"), Items.time(item, "at")));
    return out;
  }
}
