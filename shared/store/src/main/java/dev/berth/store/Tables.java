package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.ServiceStore;
import java.util.List;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The table layout, in one place. {@code template.yaml} declares the same tables for AWS; a test
 * checks the two agree. The local runtime and the tests create them with {@link #createAll()}.
 */
public final class Tables {
  public static final String TASKS_BY_CONTAINER_INSTANCE = "byContainerInstance";
  /**
   * Sparse, on tasks, container instances and services: only an item whose EventBridge event has not been
   * confirmed yet carries {@code eventPendingAt}, so the sweep finds what a crash left unsent.
   */
  public static final String BY_PENDING_EVENT = "byPendingEvent";
  public static final String EVENT_PENDING_AT = "eventPendingAt";

  /** One table's keys and indexes. */
  public record Layout(String name, String hashKey, ScalarAttributeType hashType, String rangeKey,
      ScalarAttributeType rangeType, List<GlobalSecondaryIndex> indexes, List<AttributeDefinition> indexKeys) {}

  private final DynamoDbClient dynamo;
  private final Config config;

  @Inject
  public Tables(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.config = config;
  }

  public List<Layout> layouts() {
    var byInstance = GlobalSecondaryIndex.builder()
        .indexName(TASKS_BY_CONTAINER_INSTANCE)
        .keySchema(key("containerInstance", KeyType.HASH), key("id", KeyType.RANGE))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
        .build();
    // Sparse: only services that need a pass carry dueAt, so the sweep reads only those.
    var byDue = GlobalSecondaryIndex.builder()
        .indexName(DynamoServiceStore.BY_DUE)
        .keySchema(key("cluster", KeyType.HASH), key("dueAt", KeyType.RANGE))
        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
        .build();
    var byPendingEvent = GlobalSecondaryIndex.builder()
        .indexName(BY_PENDING_EVENT)
        .keySchema(key("cluster", KeyType.HASH), key(EVENT_PENDING_AT, KeyType.RANGE))
        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
        .build();
    return List.of(
        new Layout(config.clustersTable(), "name", ScalarAttributeType.S, null, null, List.of(), List.of()),
        new Layout(config.containerInstancesTable(), "cluster", ScalarAttributeType.S, "id", ScalarAttributeType.S,
            List.of(byPendingEvent), List.of(attr(EVENT_PENDING_AT, ScalarAttributeType.N))),
        new Layout(config.taskDefinitionsTable(), "family", ScalarAttributeType.S, "revision", ScalarAttributeType.N,
            List.of(), List.of()),
        new Layout(config.tasksTable(), "cluster", ScalarAttributeType.S, "id", ScalarAttributeType.S,
            List.of(byInstance, byPendingEvent), List.of(attr("containerInstance", ScalarAttributeType.S),
                attr(EVENT_PENDING_AT, ScalarAttributeType.N))),
        new Layout(config.idempotencyTable(), "key", ScalarAttributeType.S, null, null, List.of(), List.of()),
        new Layout(config.heartbeatsTable(), "cluster", ScalarAttributeType.S, "id", ScalarAttributeType.S,
            List.of(), List.of()),
        new Layout(config.servicesTable(), "cluster", ScalarAttributeType.S, "name", ScalarAttributeType.S,
            List.of(byDue, byPendingEvent), List.of(attr("dueAt", ScalarAttributeType.N),
                attr(EVENT_PENDING_AT, ScalarAttributeType.N))),
        new Layout(config.identitiesTable(), "id", ScalarAttributeType.S, null, null, List.of(), List.of()),
        new Layout(config.auditTable(), "bucket", ScalarAttributeType.S, "event", ScalarAttributeType.S,
            List.of(), List.of()),
        new Layout(config.accountSettingsTable(), "principalArn", ScalarAttributeType.S, "name",
            ScalarAttributeType.S, List.of(), List.of()),
        new Layout(config.agentConnectionsTable(), "cluster", ScalarAttributeType.S, "id", ScalarAttributeType.S,
            List.of(), List.of()));
  }

  /** Creates every table that does not exist yet. */
  public void createAll() {
    for (Layout layout : layouts()) {
      var attributes = new java.util.ArrayList<AttributeDefinition>();
      attributes.add(attr(layout.hashKey(), layout.hashType()));
      var keys = new java.util.ArrayList<KeySchemaElement>();
      keys.add(key(layout.hashKey(), KeyType.HASH));
      if (layout.rangeKey() != null) {
        attributes.add(attr(layout.rangeKey(), layout.rangeType()));
        keys.add(key(layout.rangeKey(), KeyType.RANGE));
      }
      attributes.addAll(layout.indexKeys());
      var request = CreateTableRequest.builder()
          .tableName(layout.name())
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(attributes)
          .keySchema(keys);
      if (!layout.indexes().isEmpty()) {
        request.globalSecondaryIndexes(layout.indexes());
      }
      try {
        dynamo.createTable(request.build());
      } catch (ResourceInUseException alreadyThere) {
        // created by an earlier run
      }
    }
    for (Layout layout : layouts()) {
      dynamo.waiter().waitUntilTableExists(b -> b.tableName(layout.name()));
    }
  }

  /** Deletes every table (tests clean up after themselves). */
  public void deleteAll() {
    for (Layout layout : layouts()) {
      try {
        dynamo.deleteTable(b -> b.tableName(layout.name()));
      } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException gone) {
        // nothing to delete
      }
    }
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeDefinition attr(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }
}
