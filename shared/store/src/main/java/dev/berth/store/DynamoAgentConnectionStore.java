package dev.berth.store;

import static dev.berth.store.Items.n;
import static dev.berth.store.Items.s;

import dev.berth.core.Config;
import dev.berth.core.store.AgentConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Which agent-channel connection each container instance's agent holds: one small item per
 * instance, written when its agent connects and removed when it disconnects or a post finds the
 * connection gone. An item carries {@code expiresAt} (the table's TTL attribute): API Gateway closes
 * every WebSocket connection after two hours at most, so an item older than that is stale whatever
 * happened to its {@code $disconnect}, and reads treat it as absent before DynamoDB deletes it.
 */
@Singleton
public final class DynamoAgentConnectionStore implements AgentConnectionStore {

  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public DynamoAgentConnectionStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.agentConnectionsTable();
  }

  @Override
  public void connected(String cluster, String instanceId, String connectionId, Instant at) {
    dynamo.putItem(b -> b.tableName(table).item(Map.of("cluster", s(cluster), "id", s(instanceId),
        "connectionId", s(connectionId), "connectedAt", Items.time(at),
        "expiresAt", n(at.plus(LIFETIME).getEpochSecond()))));
  }

  @Override
  public Optional<Connection> get(String cluster, String instanceId, Instant now) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, instanceId))).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    Instant expires = Instant.ofEpochSecond(Items.num(item, "expiresAt"));
    if (!expires.isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(new Connection(cluster, instanceId, Items.str(item, "connectionId"),
        Items.time(item, "connectedAt"), expires));
  }

  @Override
  public boolean disconnected(String cluster, String instanceId, String connectionId) {
    try {
      dynamo.deleteItem(b -> b.tableName(table).key(key(cluster, instanceId))
          .conditionExpression("connectionId = :c")
          .expressionAttributeValues(Map.of(":c", s(connectionId))));
      return true;
    } catch (ConditionalCheckFailedException replacedOrGone) {
      return false;
    }
  }

  private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key(String cluster,
      String instanceId) {
    return Map.of("cluster", s(cluster), "id", s(instanceId));
  }
}
