package dev.berth.store;

import static dev.berth.store.Items.list;
import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;
import static dev.berth.store.Items.time;

import dev.berth.core.Config;
import dev.berth.core.store.ClusterStore;
import dev.berth.model.Cluster;
import dev.berth.model.KeyValue;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Cluster items, keyed by name. Clusters are few and change rarely; listing scans. */
@Singleton
public final class DynamoClusterStore implements ClusterStore {
  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public DynamoClusterStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.clustersTable();
  }

  @Override
  public Optional<Cluster> get(String name) {
    var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("name", s(name))).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public void put(Cluster cluster, long expectedVersion) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(toItem(cluster))
          .conditionExpression(expectedVersion == 0 ? "attribute_not_exists(#n)" : "version = :v")
          .expressionAttributeNames(expectedVersion == 0 ? Map.of("#n", "name") : null)
          .expressionAttributeValues(expectedVersion == 0 ? null : Map.of(":v", n(expectedVersion))));
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("cluster " + cluster.name());
    }
  }

  @Override
  public List<Cluster> all() {
    List<Cluster> out = new ArrayList<>();
    dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> out.add(fromItem(i)));
    out.sort(Comparator.comparing(Cluster::name));
    return out;
  }

  private static Map<String, AttributeValue> toItem(Cluster c) {
    var item = Items.item();
    item.put("name", s(c.name()));
    item.put("status", s(c.status()));
    item.put("createdAt", time(c.createdAt()));
    item.put("version", n(c.version()));
    item.put("tags", Items.tags(c.tags()));
    item.put("settings", Items.list(c.settings(), kv -> Map.of("name", s(kv.name()), "value", s(kv.value()))));
    Items.put(item, "configuration", c.configuration());
    Items.put(item, "deletedAt", c.deletedAt());
    return item;
  }

  private static Cluster fromItem(Map<String, AttributeValue> item) {
    return new Cluster(str(item, "name"), str(item, "status"), time(item, "createdAt"), num(item, "version"),
        Items.tags(item),
        list(item, "settings", m -> new KeyValue(str(m, "name"), str(m, "value"))), str(item, "configuration"),
        time(item, "deletedAt"));
  }
}
