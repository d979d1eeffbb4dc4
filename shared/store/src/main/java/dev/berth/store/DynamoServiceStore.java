package dev.berth.store;

import static dev.berth.store.Items.n;
import static dev.berth.store.Items.s;

import dev.berth.core.Config;
import dev.berth.core.store.ServiceStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.TaskTargets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Service items, keyed by cluster and service name. Whoever changes a service holds its lease: a
 * reconcile pass for as long as it plans and acts, an UpdateService or DeleteService for its one
 * write. So two passes never act on one service at once (which is what keeps a service inside its
 * deployment bounds), and a user's change is never overwritten by a pass that read the service
 * before it. Triggers ({@link #wake}) take no lease: they bump a counter the lease holder checks
 * before letting go, and mark the service due for the sweep.
 *
 * <p>What grows with the service's tasks is kept beside the service item, one small item per task:
 * its task ids and its registered targets, each in a partition of the service's own. So the service
 * item stays the same size however many tasks the service runs (about 52 KB with a full event log),
 * and a save, a lease or a wake costs the same. A holder's read queries both partitions.
 */
@Singleton
public final class DynamoServiceStore implements ServiceStore {
  public static final String BY_DUE = "byDue";
  /**
   * The item that lists a cluster's DAEMON services ({@link #daemons}): in a partition of its own,
   * whose key no cluster name can spell ('#' is not allowed in one), so no query of a cluster's
   * services meets it.
   */
  private static final String DAEMONS = "#daemons";
  /**
   * A service's task ids, one small item each in a partition of the service's own ({@code
   * #tasks/<cluster>/<service>}, a key no cluster name can spell): the service item stays small
   * however many tasks the service runs, and every write of it costs the same.
   */
  private static final String TASKS = "#tasks/";
  /**
   * A service's registered targets, one item per task ({@code #targets/<cluster>/<service>}, keyed by
   * task id), apart from its task ids: a BatchWriteItem put of a task id (its launch, or the move of
   * an old item's ids) replaces the whole item and would drop targets kept on it, and a task's id is
   * forgotten once its stop is counted, which may come before its deregistration succeeds.
   */
  private static final String TARGETS = "#targets/";
  private static final int BATCH = 25;
  private static final String DAEMON_NAMES = "names";
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

  /**
   * A whole-item put. A service that replaces an INACTIVE one takes over its lease count, read first
   * and checked by the put's condition: the old service's target records (those it had not yet
   * deregistered) stay, and the new service's passes, whose lease numbers must be higher than the
   * ones that wrote them, deregister them.
   */
  @Override
  public void create(ServiceState state, long replacingVersion, Instant dueAt) {
    var item = ServiceItems.stateAttributes(state);
    String cluster = state.service().cluster();
    String name = state.service().name();
    item.putAll(key(cluster, name));
    item.put("version", n(state.service().version()));
    item.put(ServiceItems.WAKEUPS, n(1));
    item.put(ServiceItems.DUE_AT, Items.time(dueAt));
    item.put(Tables.EVENT_PENDING_AT, EventMarks.at(clock.instant()));
    long leases = replacingVersion == 0 ? 0 : leases(cluster, name);
    item.put(ServiceItems.LEASES, n(leases));
    if (state.service().daemon()) {
      daemonNames("ADD", cluster, name); // listed first: an instance event after the create must find it
    }
    try {
      dynamo.putItem(b -> b.tableName(table).item(item)
          .conditionExpression(replacingVersion == 0 ? "attribute_not_exists(#n)"
              : "#s = :inactive AND version = :v AND (" + (leases == 0 ? "attribute_not_exists(#l)" : "#l = :l") + ")")
          .expressionAttributeNames(replacingVersion == 0 ? Map.of("#n", "name")
              : Map.of("#s", "status", "#l", ServiceItems.LEASES))
          .expressionAttributeValues(replacingVersion == 0 ? null : leases == 0
              ? Map.of(":inactive", s(ServiceStatus.INACTIVE.name()), ":v", n(replacingVersion))
              : Map.of(":inactive", s(ServiceStatus.INACTIVE.name()), ":v", n(replacingVersion), ":l", n(leases))));
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("service " + state.service().name());
    }
    if (!state.service().daemon() && replacingVersion != 0) {
      daemonNames("DELETE", cluster, name); // the name of a DAEMON service it may replace
    }
    writeTaskIds(cluster, name, state.taskIds(), true);
  }

  private long leases(String cluster, String name) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, name)).consistentRead(true)
        .projectionExpression("#l").expressionAttributeNames(Map.of("#l", ServiceItems.LEASES))).item();
    return item == null ? 0 : Items.num(item, ServiceItems.LEASES);
  }


  /**
   * One conditional write: the lease is free and, for a counted trigger, no pass has covered it. A
   * refused trigger's write returns the item (in the refusal, at no extra read) to tell which.
   */
  @Override
  public Acquired acquireUnlessPassed(String cluster, String name, long wakeups, String owner, Instant now,
      Instant until) {
    return take(cluster, name, wakeups, owner, now, until, true);
  }

  /** A command's lease: the lease number stays (see {@link ServiceStore#acquire}). */
  @Override
  public Optional<Held> acquire(String cluster, String name, String owner, Instant now, Instant until) {
    return take(cluster, name, NO_WAKEUP, owner, now, until, false).held();
  }

  private Acquired take(String cluster, String name, long wakeups, String owner, Instant now, Instant until,
      boolean numbered) {
    Map<String, String> names = new HashMap<>(Map.of("#o", ServiceItems.LEASE_OWNER, "#u", ServiceItems.LEASE_UNTIL,
        "#n", "name"));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":o", s(owner), ":u", Items.time(until),
        ":now", Items.time(now)));
    if (numbered) {
      names.put("#l", ServiceItems.LEASES);
      values.put(":one", n(1));
    }
    String update = numbered ? "SET #o = :o, #u = :u ADD #l :one" : "SET #o = :o, #u = :u";
    String condition = "attribute_exists(#n) AND (attribute_not_exists(#u) OR #u < :now)";
    boolean counted = wakeups != NO_WAKEUP;
    if (counted) {
      names.put("#p", ServiceItems.PASSED_WAKEUPS);
      values.put(":w", n(wakeups));
      condition += " AND (attribute_not_exists(#p) OR #p < :w)";
    }
    String finalCondition = condition;
    try {
      var item = dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression(update)
          .conditionExpression(finalCondition)
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW)
          .returnValuesOnConditionCheckFailure(counted ? ReturnValuesOnConditionCheckFailure.ALL_OLD
              : ReturnValuesOnConditionCheckFailure.NONE)).attributes();
      return new Acquired(Optional.of(held(item)), false);
    } catch (ConditionalCheckFailedException refused) {
      var item = refused.hasItem() ? refused.item() : Map.<String, AttributeValue>of();
      return new Acquired(Optional.empty(), counted && Items.num(item, ServiceItems.PASSED_WAKEUPS) >= wakeups);
    }
  }

  @Override
  public Optional<Held> acquireAgain(String cluster, String name, String owner, Instant until) {
    return extend(cluster, name, owner, until, ReturnValue.ALL_NEW).map(this::held);
  }

  @Override
  public boolean renew(String cluster, String name, String owner, Instant until) {
    return extend(cluster, name, owner, until, ReturnValue.NONE).isPresent();
  }

  /**
   * Moves the lease's end to {@code until} if {@code owner} still holds it: one conditional write,
   * answering with what {@code returning} asks for; empty if the lease was lost.
   */
  private Optional<Map<String, AttributeValue>> extend(String cluster, String name, String owner, Instant until,
      ReturnValue returning) {
    try {
      return Optional.of(dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression("SET #u = :u")
          .conditionExpression("#o = :o")
          .expressionAttributeNames(Map.of("#o", ServiceItems.LEASE_OWNER, "#u", ServiceItems.LEASE_UNTIL))
          .expressionAttributeValues(Map.of(":o", s(owner), ":u", Items.time(until)))
          .returnValues(returning)).attributes());
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

  /**
   * A lease holder's read: the service item, with its task ids and its targets from their
   * partitions. An item written before they moved out still carries them: they are moved first (the
   * next save removes them from the item). A moved target record is written only where the task has
   * none: one that exists was written since the item was, by a holder that knew better.
   */
  private Held held(Map<String, AttributeValue> item) {
    ServiceState state = ServiceItems.fromItem(item);
    String cluster = state.service().cluster();
    String name = state.service().name();
    long lease = Items.num(item, ServiceItems.LEASES);
    Set<String> legacy = state.taskIds(); // an item written before the ids moved out still carries them
    writeTaskIds(cluster, name, legacy, true);
    ServiceItems.legacyTargets(item).forEach((taskId, t) -> putTargets(cluster, name, taskId, t, lease, true));
    Set<String> ids = new java.util.TreeSet<>(legacy);
    partition(TASKS, cluster, name, "#n").forEach(i -> ids.add(Items.str(i, "name")));
    Map<String, TaskTargets> targets = new HashMap<>();
    partition(TARGETS, cluster, name, null)
        .forEach(i -> targets.put(Items.str(i, "name"), ServiceItems.taskTargets(i)));
    return new Held(new ServiceState(state.service(), state.deployments(), ids, state.fingerprint(), state.history(),
        targets), Items.num(item, ServiceItems.WAKEUPS), lease);
  }

  /** One of the service's own partitions, read consistently ({@code projection} null: whole items). */
  private Iterable<Map<String, AttributeValue>> partition(String prefix, String cluster, String name, String projection) {
    return dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
            .keyConditionExpression("#c = :c")
            .projectionExpression(projection)
            .expressionAttributeNames(projection == null ? Map.of("#c", "cluster") : Map.of("#c", "cluster", "#n", "name"))
            .expressionAttributeValues(Map.of(":c", s(prefix + cluster + "/" + name))))
        .items();
  }

  @Override
  public boolean addTaskIds(String cluster, String name, String owner, Set<String> taskIds) {
    if (taskIds.isEmpty()) {
      return true;
    }
    if (!holds(cluster, name, owner)) {
      return false;
    }
    writeTaskIds(cluster, name, taskIds, true);
    return true;
  }

  /** Whether {@code owner} holds the service's lease now (one consistent, projected read). */
  private boolean holds(String cluster, String name, String owner) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, name)).consistentRead(true)
        .projectionExpression("#o").expressionAttributeNames(Map.of("#o", ServiceItems.LEASE_OWNER))).item();
    return item != null && owner.equals(Items.str(item, ServiceItems.LEASE_OWNER));
  }

  @Override
  public void forgetTaskIds(String cluster, String name, Set<String> taskIds) {
    writeTaskIds(cluster, name, taskIds, false);
  }

  /**
   * A lease check (as for task ids), then one conditional PutItem per task: BatchWriteItem takes no
   * condition, and each record must refuse a writer older than the holder that wrote it.
   */
  @Override
  public boolean recordTargets(String cluster, String name, String owner, long lease, Map<String, TaskTargets> byTask) {
    if (byTask.isEmpty()) {
      return true;
    }
    if (!holds(cluster, name, owner)) {
      return false;
    }
    for (var e : new java.util.TreeMap<>(byTask).entrySet()) {
      if (!putTargets(cluster, name, e.getKey(), e.getValue(), lease, false)) {
        return false;
      }
    }
    return true;
  }

  /** Writes one task's record unless a later holder wrote it (or, {@code onlyNew}, unless it exists). */
  private boolean putTargets(String cluster, String name, String taskId, TaskTargets t, long lease, boolean onlyNew) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(ServiceItems.targetRecord(TARGETS + cluster + "/" + name, taskId, t, lease))
          .conditionExpression(onlyNew ? "attribute_not_exists(#n)" : "attribute_not_exists(#n) OR #l <= :l")
          .expressionAttributeNames(onlyNew ? Map.of("#n", "name") : Map.of("#n", "name", "#l", ServiceItems.LEASE))
          .expressionAttributeValues(onlyNew ? null : Map.of(":l", n(lease))));
      return true;
    } catch (ConditionalCheckFailedException later) {
      return false;
    }
  }

  /** One conditional DeleteItem per task, for the reason given at {@link #recordTargets}. */
  @Override
  public boolean forgetTargets(String cluster, String name, long lease, Set<String> taskIds) {
    boolean all = true;
    for (String taskId : new java.util.TreeSet<>(taskIds)) {
      try {
        dynamo.deleteItem(b -> b.tableName(table)
            .key(Map.of("cluster", s(TARGETS + cluster + "/" + name), "name", s(taskId)))
            .conditionExpression("attribute_not_exists(#n) OR #l <= :l")
            .expressionAttributeNames(Map.of("#n", "name", "#l", ServiceItems.LEASE))
            .expressionAttributeValues(Map.of(":l", n(lease))));
      } catch (ConditionalCheckFailedException later) {
        all = false;
      }
    }
    return all;
  }

  /** Puts (or deletes) one small item per task id, 25 to a BatchWriteItem, until every one is done. */
  private void writeTaskIds(String cluster, String name, Set<String> taskIds, boolean put) {
    List<WriteRequest> requests = new ArrayList<>();
    for (String id : taskIds) {
      Map<String, AttributeValue> k = Map.of("cluster", s(TASKS + cluster + "/" + name), "name", s(id));
      requests.add(put
          ? WriteRequest.builder().putRequest(p -> p.item(k)).build()
          : WriteRequest.builder().deleteRequest(d -> d.key(k)).build());
    }
    for (int from = 0; from < requests.size(); from += BATCH) {
      Map<String, List<WriteRequest>> pending = Map.of(table, requests.subList(from, Math.min(requests.size(), from + BATCH)));
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt == 10) {
          throw new IllegalStateException("task ids of service " + cluster + "/" + name + " kept being throttled");
        }
        Map<String, List<WriteRequest>> batch = pending;
        var unprocessed = dynamo.batchWriteItem(b -> b.requestItems(batch)).unprocessedItems();
        pending = unprocessed == null ? Map.of() : unprocessed;
      }
    }
  }

  @Override
  public Saved save(ServiceState next, String owner, long seenWakeups, Instant dueAt, boolean passed) {
    Saved saved = write(next, owner, seenWakeups, dueAt, true, passed) ? Saved.RELEASED
        : write(next, owner, seenWakeups, dueAt, false, passed) ? Saved.WOKEN : Saved.LEASE_LOST;
    if (saved != Saved.LEASE_LOST && next.service().daemon() && next.service().status() == ServiceStatus.INACTIVE) {
      daemonNames("DELETE", next.service().cluster(), next.service().name()); // listed last, after it is gone
    }
    return saved;
  }

  @Override
  public List<String> daemons(String cluster) {
    var item = dynamo.getItem(b -> b.tableName(table).key(daemonsKey(cluster)).consistentRead(true)).item();
    return new ArrayList<>(new java.util.TreeSet<>(Items.stringSet(item == null ? Map.of() : item, DAEMON_NAMES)));
  }

  /** Adds a name to the cluster's DAEMON list, or deletes one (both idempotent). */
  private void daemonNames(String action, String cluster, String name) {
    dynamo.updateItem(b -> b.tableName(table).key(daemonsKey(cluster))
        .updateExpression(action + " #n :n")
        .expressionAttributeNames(Map.of("#n", DAEMON_NAMES))
        .expressionAttributeValues(Map.of(":n", Items.ss(Set.of(name)))));
  }

  private static Map<String, AttributeValue> daemonsKey(String cluster) {
    return Map.of("cluster", s(DAEMONS + "/" + cluster), "name", s(DAEMONS));
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

  private boolean write(ServiceState next, String owner, long seenWakeups, Instant dueAt, boolean release,
      boolean passed) {
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
    removes.add("#t"); // kept in their own partition now (an older item's set was moved by held())
    names.put("#tg", ServiceItems.TARGETS);
    removes.add("#tg"); // likewise
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
    if (passed) {
      names.put("#pw", ServiceItems.PASSED_WAKEUPS);
      values.put(":pw", n(seenWakeups));
      sets.add("#pw = :pw");
    }
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
  public OptionalLong wake(String cluster, String name, Instant now) {
    try {
      var set = dynamo.updateItem(b -> b.tableName(table).key(key(cluster, name))
          .updateExpression("SET #d = :now ADD #w :one")
          .conditionExpression("attribute_exists(#n) AND #s <> :inactive")
          .expressionAttributeNames(Map.of("#d", ServiceItems.DUE_AT, "#w", ServiceItems.WAKEUPS, "#n", "name",
              "#s", "status"))
          .expressionAttributeValues(Map.of(":now", Items.time(now), ":one", n(1),
              ":inactive", s(ServiceStatus.INACTIVE.name())))
          .returnValues(ReturnValue.UPDATED_NEW)).attributes();
      return OptionalLong.of(Items.num(set, ServiceItems.WAKEUPS));
    } catch (ConditionalCheckFailedException gone) {
      return OptionalLong.empty();
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

  private static Map<String, AttributeValue> key(String cluster, String name) {
    return Map.of("cluster", s(cluster), "name", s(name));
  }
}
