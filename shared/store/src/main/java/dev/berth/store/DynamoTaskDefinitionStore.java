package dev.berth.store;

import static dev.berth.store.Items.bool;
import static dev.berth.store.Items.list;
import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.optInt;
import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;
import static dev.berth.store.Items.time;

import dev.berth.core.Config;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.model.ContainerDefinition;
import dev.berth.model.KeyValue;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PortMapping;
import dev.berth.model.Tag;
import dev.berth.model.TaskDefinition;
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

/**
 * Task-definition revisions, keyed by family and revision number. A new revision is the latest
 * plus one, written with a conditional put so two concurrent registrations never share a number.
 */
@Singleton
public final class DynamoTaskDefinitionStore implements TaskDefinitionStore {
  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public DynamoTaskDefinitionStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.taskDefinitionsTable();
  }

  @Override
  public Optional<TaskDefinition> get(String family, int revision) {
    var item = dynamo.getItem(b -> b.tableName(table)
        .key(Map.of("family", s(family), "revision", n(revision))).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public int latestRevision(String family) {
    var items = dynamo.query(b -> b.tableName(table).consistentRead(true)
        .keyConditionExpression("family = :f")
        .expressionAttributeValues(Map.of(":f", s(family)))
        .scanIndexForward(false).limit(1)
        .projectionExpression("revision")).items();
    return items.isEmpty() ? 0 : (int) num(items.get(0), "revision");
  }

  @Override
  public Optional<TaskDefinition> latestActive(String family) {
    for (var item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
        .keyConditionExpression("family = :f")
        .expressionAttributeValues(Map.of(":f", s(family)))
        .scanIndexForward(false)).items()) {
      TaskDefinition definition = fromItem(item);
      if (definition.active()) {
        return Optional.of(definition);
      }
    }
    return Optional.empty();
  }

  @Override
  public void create(TaskDefinition definition) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(toItem(definition))
          .conditionExpression("attribute_not_exists(revision)"));
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("task definition " + definition.family() + ":" + definition.revision());
    }
  }

  @Override
  public TaskDefinition deactivate(TaskDefinition definition) {
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(Map.of("family", s(definition.family()), "revision", n(definition.revision())))
          .updateExpression("SET #s = :inactive, deregisteredAt = :at ADD version :one")
          .conditionExpression("#s = :active")
          .expressionAttributeNames(Map.of("#s", "status"))
          .expressionAttributeValues(Map.of(":inactive", s(TaskDefinition.INACTIVE), ":active", s(TaskDefinition.ACTIVE),
              ":at", time(definition.deregisteredAt()), ":one", n(1))));
    } catch (ConditionalCheckFailedException alreadyInactive) {
      // deregistering twice returns the INACTIVE revision, as ECS does
    }
    return get(definition.family(), definition.revision()).orElseThrow();
  }

  @Override
  public void setTags(TaskDefinition seen, List<Tag> tags) {
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(Map.of("family", s(seen.family()), "revision", n(seen.revision())))
          .updateExpression("SET tags = :t ADD version :one")
          .conditionExpression("tags = :old")
          .expressionAttributeValues(Map.of(":t", Items.tags(tags), ":old", Items.tags(seen.tags()), ":one", n(1))));
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("task definition " + seen.family() + ":" + seen.revision());
    }
  }

  @Override
  public TaskDefinition markDeleteInProgress(TaskDefinition definition) {
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(Map.of("family", s(definition.family()), "revision", n(definition.revision())))
          .updateExpression("SET #s = :deleting ADD version :one")
          .conditionExpression("#s = :inactive")
          .expressionAttributeNames(Map.of("#s", "status"))
          .expressionAttributeValues(Map.of(":deleting", s(TaskDefinition.DELETE_IN_PROGRESS),
              ":inactive", s(TaskDefinition.INACTIVE), ":one", n(1))));
    } catch (ConditionalCheckFailedException notInactive) {
      // the caller reads what it is instead
    }
    return get(definition.family(), definition.revision()).orElseThrow();
  }

  @Override
  public List<TaskDefinition> all() {
    List<TaskDefinition> out = new ArrayList<>();
    dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> out.add(fromItem(i)));
    out.sort(Comparator.comparing(TaskDefinition::family).thenComparingInt(TaskDefinition::revision));
    return out;
  }

  private static Map<String, AttributeValue> toItem(TaskDefinition d) {
    var item = Items.item();
    item.put("family", s(d.family()));
    item.put("revision", n(d.revision()));
    item.put("status", s(d.status()));
    item.put("networkMode", s(d.networkMode()));
    Items.put(item, "cpu", d.cpu());
    Items.put(item, "memory", d.memory());
    item.put("containerDefinitions", list(d.containerDefinitions(), DynamoTaskDefinitionStore::containerValue));
    item.put("placementConstraints", list(d.placementConstraints(), c -> {
      var m = Items.item();
      m.put("type", s(c.type()));
      Items.put(m, "expression", c.expression());
      return m;
    }));
    item.put("registeredAt", time(d.registeredAt()));
    Items.put(item, "deregisteredAt", d.deregisteredAt());
    item.put("document", s(d.document()));
    item.put("version", n(1));
    item.put("requiresAttributes", Items.strings(d.requiresAttributes()));
    item.put("tags", Items.tags(d.tags()));
    return item;
  }

  private static Map<String, AttributeValue> containerValue(ContainerDefinition c) {
    var m = Items.item();
    m.put("name", s(c.name()));
    Items.put(m, "image", c.image());
    m.put("cpu", n(c.cpu()));
    Items.put(m, "memory", c.memory());
    Items.put(m, "memoryReservation", c.memoryReservation());
    if (c.gpu() > 0) {
      m.put("gpu", n(c.gpu()));
    }
    m.put("essential", bool(c.essential()));
    if (c.healthChecked()) {
      m.put("healthChecked", bool(true));
    }
    m.put("portMappings", list(c.portMappings(), p -> {
      var pm = Items.item();
      Items.put(pm, "containerPort", p.containerPort());
      Items.put(pm, "hostPort", p.hostPort());
      Items.put(pm, "protocol", p.protocol());
      return pm;
    }));
    m.put("command", Items.strings(c.command()));
    m.put("entryPoint", Items.strings(c.entryPoint()));
    m.put("environment", list(c.environment(), kv -> Map.of("name", s(kv.name()), "value", s(kv.value()))));
    Items.put(m, "stopTimeout", c.stopTimeout());
    return m;
  }

  private static TaskDefinition fromItem(Map<String, AttributeValue> item) {
    return new TaskDefinition(
        str(item, "family"),
        (int) num(item, "revision"),
        str(item, "status"),
        str(item, "networkMode"),
        str(item, "cpu"),
        str(item, "memory"),
        list(item, "containerDefinitions", m -> new ContainerDefinition(
            str(m, "name"), str(m, "image"), (int) num(m, "cpu"), optInt(m, "memory"), optInt(m, "memoryReservation"),
            bool(m, "essential"),
            list(m, "portMappings", p -> new PortMapping(optInt(p, "containerPort"), optInt(p, "hostPort"),
                str(p, "protocol"))),
            Items.strings(m, "command"), Items.strings(m, "entryPoint"),
            list(m, "environment", kv -> new KeyValue(str(kv, "name"), str(kv, "value"))),
            optInt(m, "stopTimeout"), m.containsKey("gpu") ? (int) num(m, "gpu") : 0,
            bool(m, "healthChecked"))),
        list(item, "placementConstraints", m -> new PlacementConstraint(str(m, "type"), str(m, "expression"))),
        time(item, "registeredAt"),
        time(item, "deregisteredAt"),
        str(item, "document"),
        Items.tags(item),
        Items.strings(item, "requiresAttributes"));
  }
}
