package dev.berth.store;

import static dev.berth.store.Items.n;
import static dev.berth.store.Items.s;

import dev.berth.core.Config;
import dev.berth.core.store.ServiceStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Service items, keyed by cluster and service name. Whoever changes a service holds its lease: a
 * reconcile pass for as long as it plans and acts, an UpdateService or DeleteService for its one
 * write. So two passes never act on one service at once (which is what keeps a service inside its
 * deployment bounds), and a user's change is never overwritten by a pass that read the service
 * before it. Triggers ({@link #wake}) take no lease: they bump a counter the lease holder checks
 * before letting go, and mark the service due for the sweep.
 */
@Singleton
public final class DynamoServiceStore implements ServiceStore {
  public static final String BY_DUE = "byDue";
  private static final String EVENTS_SENT_THROUGH = "eventsSentThrough";

  private final DynamoDbClient dynamo;
  private final String table;
  private final java.time.Clock clock;
  private final EventMarks marks;

  public DynamoServiceStore(DynamoDbClient dynamo, Config config) {
    this(dynamo, config, java.time.Clock.systemUTC());
  }

  /**
   * Every write of a service's state (create, a lease holder's save) also marks it: its event log
   * may hold entries EventBridge has not had yet (see {@link EventMarks}; what was sent is recorded
   * as {@code eventsSentThrough}, the time of the newest entry sent).
   */
  @Inject
  public DynamoServiceStore(DynamoDbClient dynamo, Config config, java.time.Clock clock) {
    this.dynamo = dynamo;
    this.table = config.servicesTable();
    this.clock = clock;
    this.marks = new EventMarks(dynamo, table, "name");
  }

  @Override
  public Optional<PendingEvents> pendingEvents(String cluster, String name) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, name)).consistentRead(true)).item();
    if (item == null || !item.containsKey(Tables.EVENT_PENDING_AT)) {
      return Optional.empty();
    }
    return Optional.of(new PendingEvents(ServiceItems.fromItem(item), Items.num(item, "version"),
        Instant.ofEpochMilli(Items.num(item, Tables.EVENT_PENDING_AT)),
        item.containsKey(EVENTS_SENT_THROUGH) ? Instant.ofEpochMilli(Items.num(item, EVENTS_SENT_THROUGH)) : null));
  }

  @Override
  public void eventsSent(String cluster, String name, long version, Instant through) {
    Map<String, AttributeValue> values = Map.of(":t", n(through.toEpochMilli()), ":v", n(version));
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression("SET " + EVENTS_SENT_THROUGH + " = :t REMOVE " + Tables.EVENT_PENDING_AT)
          .conditionExpression("version = :v")
          .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException moved) {
      try {
        dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
            .updateExpression("SET " + EVENTS_SENT_THROUGH + " = :t")
            .conditionExpression("attribute_exists(version) AND (attribute_not_exists(" + EVENTS_SENT_THROUGH
                + ") OR " + EVENTS_SENT_THROUGH + " < :t)")
            .expressionAttributeValues(Map.of(":t", n(through.toEpochMilli()))));
      } catch (ConditionalCheckFailedException alreadyFurther) {
        // someone recorded a later time already
      }
    }
  }

  @Override
  public List<String> pendingEventsBefore(String cluster, Instant before) {
    return marks.markedBefore(cluster, before);
  }

  @Override
  public Optional<ServiceState> get(String cluster, String name) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, name)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ServiceItems.fromItem(item));
  }

  @Override
  public void create(ServiceState state, long replacingVersion, Instant dueAt) {
    var item = ServiceItems.stateAttributes(state);
    item.putAll(key(state.service().cluster(), state.service().name()));
    item.put("version", n(state.service().version()));
    item.put(ServiceItems.WAKEUPS, n(1));
    item.put(ServiceItems.DUE_AT, Items.time(dueAt));
    item.put(Tables.EVENT_PENDING_AT, EventMarks.at(clock.instant()));
    putTaskIds(item, state.taskIds());
    try {
      dynamo.putItem(b -> b.tableName(table).item(item)
          .conditionExpression(replacingVersion == 0 ? "attribute_not_exists(#n)"
              : "#s = :inactive AND version = :v")
          .expressionAttributeNames(replacingVersion == 0 ? Map.of("#n", "name") : Map.of("#s", "status"))
          .expressionAttributeValues(replacingVersion == 0 ? null
              : Map.of(":inactive", s(ServiceStatus.INACTIVE.name()), ":v", n(replacingVersion))));
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("service " + state.service().name());
    }
  }

  @Override
  public Optional<Held> acquire(String cluster, String name, String owner, Instant now, Instant until) {
    try {
      var item = dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression("SET #o = :o, #u = :u")
          .conditionExpression("attribute_exists(#n) AND (attribute_not_exists(#u) OR #u < :now)")
          .expressionAttributeNames(Map.of("#o", ServiceItems.LEASE_OWNER, "#u", ServiceItems.LEASE_UNTIL,
              "#n", "name"))
          .expressionAttributeValues(Map.of(":o", s(owner), ":u", Items.time(until), ":now", Items.time(now)))
          .returnValues(ReturnValue.ALL_NEW)).attributes();
      return Optional.of(new Held(ServiceItems.fromItem(item), Items.num(item, ServiceItems.WAKEUPS)));
    } catch (ConditionalCheckFailedException held) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Held> acquireAgain(String cluster, String name, String owner, Instant until) {
    try {
      var item = dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression("SET #u = :u")
          .conditionExpression("#o = :o")
          .expressionAttributeNames(Map.of("#o", ServiceItems.LEASE_OWNER, "#u", ServiceItems.LEASE_UNTIL))
          .expressionAttributeValues(Map.of(":o", s(owner), ":u", Items.time(until)))
          .returnValues(ReturnValue.ALL_NEW)).attributes();
      return Optional.of(new Held(ServiceItems.fromItem(item), Items.num(item, ServiceItems.WAKEUPS)));
    } catch (ConditionalCheckFailedException lost) {
      return Optional.empty();
    }
  }

  @Override
  public boolean exists(String cluster, String name) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, name)).projectionExpression("#n")
        .expressionAttributeNames(Map.of("#n", "name")).consistentRead(true)).item();
    return item != null && !item.isEmpty();
  }

  @Override
  public boolean addTaskIds(String cluster, String name, String owner, Set<String> taskIds) {
    if (taskIds.isEmpty()) {
      return true;
    }
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression("ADD #t :ids")
          .conditionExpression("#o = :o")
          .expressionAttributeNames(Map.of("#t", ServiceItems.TASK_IDS, "#o", ServiceItems.LEASE_OWNER))
          .expressionAttributeValues(Map.of(":ids", Items.ss(taskIds), ":o", s(owner))));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  @Override
  public Saved save(ServiceState next, String owner, long seenWakeups, Instant dueAt) {
    if (write(next, owner, seenWakeups, dueAt, true)) {
      return Saved.RELEASED;
    }
    return write(next, owner, -1, dueAt, false) ? Saved.WOKEN : Saved.LEASE_LOST;
  }

  @Override
  public void release(String cluster, String name, String owner) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression("REMOVE #o, #u")
          .conditionExpression("#o = :o")
          .expressionAttributeNames(Map.of("#o", ServiceItems.LEASE_OWNER, "#u", ServiceItems.LEASE_UNTIL))
          .expressionAttributeValues(Map.of(":o", s(owner))));
    } catch (ConditionalCheckFailedException notOurs) {
      // it ran out and someone else took it; nothing of ours to let go
    }
  }

  private boolean write(ServiceState next, String owner, long seenWakeups, Instant dueAt, boolean release) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> sets = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    int i = 0;
    for (var e : ServiceItems.stateAttributes(next).entrySet()) {
      names.put("#a" + i, e.getKey());
      values.put(":a" + i, e.getValue());
      sets.add("#a" + i + " = :a" + i);
      i++;
    }
    names.put("#t", ServiceItems.TASK_IDS);
    if (next.taskIds().isEmpty()) {
      removes.add("#t");
    } else {
      values.put(":t", Items.ss(next.taskIds()));
      sets.add("#t = :t");
    }
    names.put("#d", ServiceItems.DUE_AT);
    if (dueAt == null) {
      removes.add("#d");
    } else {
      values.put(":d", Items.time(dueAt));
      sets.add("#d = :d");
    }
    names.put("#pe", Tables.EVENT_PENDING_AT);
    values.put(":pe", EventMarks.at(clock.instant()));
    sets.add("#pe = :pe");
    names.put("#o", ServiceItems.LEASE_OWNER);
    names.put("#v", "version");
    values.put(":o", s(owner));
    values.put(":one", n(1));
    String condition = "#o = :o";
    if (release) {
      names.put("#u", ServiceItems.LEASE_UNTIL);
      removes.add("#o");
      removes.add("#u");
      names.put("#w", ServiceItems.WAKEUPS);
      values.put(":w", n(seenWakeups));
      condition += " AND #w = :w";
    }
    String update = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes))
        + " ADD #v :one";
    String finalCondition = condition;
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(next.service().cluster(), next.service().name()))
          .updateExpression(update)
          .conditionExpression(finalCondition)
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE));
      return true;
    } catch (ConditionalCheckFailedException refused) {
      return false;
    }
  }

  @Override
  public boolean wake(String cluster, String name, Instant now) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression("SET #d = :now ADD #w :one")
          .conditionExpression("attribute_exists(#n) AND #s <> :inactive")
          .expressionAttributeNames(Map.of("#d", ServiceItems.DUE_AT, "#w", ServiceItems.WAKEUPS, "#n", "name",
              "#s", "status"))
          .expressionAttributeValues(Map.of(":now", Items.time(now), ":one", n(1),
              ":inactive", s(ServiceStatus.INACTIVE.name()))));
      return true;
    } catch (ConditionalCheckFailedException gone) {
      return false;
    }
  }

  @Override
  public List<String> due(String cluster, Instant now) {
    List<String> out = new ArrayList<>();
    dynamo.queryPaginator(b -> b.tableName(table).indexName(BY_DUE)
            .keyConditionExpression("#c = :c AND #d <= :now")
            .expressionAttributeNames(Map.of("#c", "cluster", "#d", ServiceItems.DUE_AT))
            .expressionAttributeValues(Map.of(":c", s(cluster), ":now", Items.time(now))))
        .items().forEach(item -> out.add(Items.str(item, "name")));
    return out;
  }

  @Override
  public List<Summary> summaries(String cluster) {
    List<Summary> out = new ArrayList<>();
    dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
            .keyConditionExpression("#c = :c")
            .projectionExpression("#n, #s, schedulingStrategy")
            .expressionAttributeNames(Map.of("#c", "cluster", "#n", "name", "#s", "status"))
            .expressionAttributeValues(Map.of(":c", s(cluster))))
        .items().forEach(item -> out.add(new Summary(Items.str(item, "name"),
            ServiceStatus.valueOf(Items.str(item, "status")), Items.str(item, "schedulingStrategy"))));
    return out;
  }

  private static void putTaskIds(Map<String, AttributeValue> item, Set<String> ids) {
    if (!ids.isEmpty()) {
      item.put(ServiceItems.TASK_IDS, Items.ss(ids));
    }
  }

  private static Map<String, AttributeValue> key(String cluster, String name) {
    return Map.of("cluster", s(cluster), "name", s(name));
  }
}
