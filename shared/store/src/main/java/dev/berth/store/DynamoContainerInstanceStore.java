package dev.berth.store;

import static dev.berth.store.Items.bool;
import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.ports;
import static dev.berth.store.Items.s;

import dev.berth.core.Config;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.Pending;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.ContainerInstance;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Container-instance items: the ledger (its rule is {@link dev.berth.core.ledger.Ledger}). Placement and release are single conditional UpdateItems
 * on one instance item, conditioned on the resources themselves rather than on a version, so two
 * placements on one instance both succeed whenever both fit.
 */
@Singleton
public final class DynamoContainerInstanceStore implements ContainerInstanceStore {
  private static final String MARK = ", " + Tables.EVENT_PENDING_AT + " = :at";

  private final DynamoDbClient dynamo;
  private final String table;
  private final java.time.Clock clock;
  private final EventMarks marks;

  public DynamoContainerInstanceStore(DynamoDbClient dynamo, Config config) {
    this(dynamo, config, java.time.Clock.systemUTC());
  }

  /** Every write of an instance item also marks its EventBridge event pending (see {@link EventMarks}). */
  @Inject
  public DynamoContainerInstanceStore(DynamoDbClient dynamo, Config config, java.time.Clock clock) {
    this.dynamo = dynamo;
    this.table = config.containerInstancesTable();
    this.clock = clock;
    this.marks = new EventMarks(dynamo, table);
  }

  @Override
  public Optional<Pending<ContainerInstance>> pendingEvent(String cluster, String id) {
    return marks.pending(cluster, id, ContainerInstanceItems::fromItem);
  }

  @Override
  public boolean clearPendingEvent(String cluster, String id, long version) {
    return marks.clear(cluster, id, version);
  }

  @Override
  public List<String> pendingEventsBefore(String cluster, Instant before) {
    return marks.markedBefore(cluster, before);
  }

  private Map<String, AttributeValue> marked(ContainerInstance instance) {
    var item = ContainerInstanceItems.toItem(instance);
    item.put(Tables.EVENT_PENDING_AT, EventMarks.at(clock.instant()));
    return item;
  }

  @Override
  public Optional<ContainerInstance> get(String cluster, String id) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, id)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ContainerInstanceItems.fromItem(item));
  }

  @Override
  public List<ContainerInstance> inCluster(String cluster) {
    return Items.partition(dynamo, table, "cluster", cluster, ContainerInstanceItems::fromItem);
  }

  @Override
  public Map<String, ContainerInstance> getAll(String cluster, java.util.Collection<String> ids) {
    Map<String, ContainerInstance> out = new java.util.TreeMap<>();
    List<String> all = List.copyOf(new java.util.TreeSet<>(ids));
    for (int from = 0; from < all.size(); from += 100) { // BatchGetItem takes 100 keys a call
      List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>();
      all.subList(from, Math.min(all.size(), from + 100)).forEach(id -> keys.add(key(cluster, id)));
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      while (!request.isEmpty()) { // what did not fit the answer's 16 MB comes back as unprocessed
        var asked = request;
        var response = dynamo.batchGetItem(b -> b.requestItems(asked));
        response.responses().getOrDefault(table, List.of())
            .forEach(item -> out.put(Items.str(item, "id"), ContainerInstanceItems.fromItem(item)));
        request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      }
    }
    return out;
  }

  @Override
  public int countRegistered(String cluster) {
    int count = 0;
    for (var page : dynamo.queryPaginator(b -> b.tableName(table)
        .keyConditionExpression("#c = :c")
        .filterExpression("#s <> :inactive")
        .expressionAttributeNames(Map.of("#c", "cluster", "#s", "status"))
        .expressionAttributeValues(Map.of(":c", s(cluster), ":inactive", s(ContainerInstance.INACTIVE)))
        .select("COUNT"))) {
      count += page.count();
    }
    return count;
  }

  @Override
  public void put(ContainerInstance instance, long expectedVersion) {
    try {
      if (expectedVersion == 0) {
        dynamo.putItem(b -> b.tableName(table).item(marked(instance)).conditionExpression("attribute_not_exists(id)"));
      } else {
        dynamo.putItem(b -> b.tableName(table).item(marked(instance))
            .conditionExpression("version = :v")
            .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
      }
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("container instance " + instance.id());
    }
  }

  @Override
  public void setTags(ContainerInstance seen, List<dev.berth.model.Tag> tags) {
    setMember(seen, "tags", Items.tags(tags));
  }

  @Override
  public void setAttributes(ContainerInstance seen, List<dev.berth.model.Attribute> attributes) {
    setMember(seen, "attributes", ContainerInstanceItems.attributesValue(attributes));
  }

  private void setMember(ContainerInstance seen, String member, AttributeValue value) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(seen.cluster(), seen.id()))
          .updateExpression("SET #m = :m ADD version :one")
          .conditionExpression("version = :v")
          .expressionAttributeNames(Map.of("#m", member))
          .expressionAttributeValues(Map.of(":m", value, ":one", n(1), ":v", n(seen.version()))));
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("container instance " + seen.id());
    }
  }

  @Override
  public ReserveResult reserve(ContainerInstance seen, String taskId, Resources need, String group, Instant at) {
    if (need.gpuIds().size() != need.gpus()) {
      throw new IllegalArgumentException("a reservation names the GPU ids it takes");
    }
    String cluster = seen.cluster();
    String instanceId = seen.id();
    Map<String, String> names = new HashMap<>(Map.of("#t", taskId, "#s", "status"));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":r", ContainerInstanceItems.reservationValue(new Reservation(need, at, group)),
        ":cpu", n(need.cpu()),
        ":mem", n(need.memory()),
        ":one", n(1),
        ":active", s(ContainerInstance.ACTIVE),
        ":yes", bool(true)));
    values.put(":at", EventMarks.at(clock.instant()));
    StringBuilder condition = new StringBuilder(
        "#s = :active AND agentConnected = :yes AND remainingCpu >= :cpu AND remainingMemory >= :mem"
            + " AND attribute_not_exists(reservations.#t)");
    StringBuilder add = new StringBuilder(" ADD version :one");
    portConditions("tcpPorts", "tcp", need.tcpPorts(), condition, add, values);
    portConditions("udpPorts", "udp", need.udpPorts(), condition, add, values);
    if (!need.gpuIds().isEmpty()) {
      int i = 0;
      for (String gpu : new java.util.TreeSet<>(need.gpuIds())) {
        String name = ":gpu" + i++;
        values.put(name, s(gpu));
        condition.append(" AND NOT contains(gpusInUse, ").append(name).append(")");
      }
      values.put(":gpus", Items.ss(need.gpuIds()));
      add.append(", gpusInUse :gpus");
    }
    String update = "SET reservations.#t = :r, remainingCpu = remainingCpu - :cpu, remainingMemory = remainingMemory - :mem"
        + MARK + add;
    try {
      var response = dynamo.updateItem(b -> b.tableName(table).key(key(cluster, instanceId))
          .updateExpression(update)
          .conditionExpression(condition.toString())
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.UPDATED_NEW)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return new ReserveResult(true, Optional.of(merge(seen, taskId, response.attributes())));
    } catch (ConditionalCheckFailedException e) {
      if (e.hasItem() && !e.item().isEmpty()) {
        return new ReserveResult(false, Optional.of(ContainerInstanceItems.fromItem(e.item())));
      }
      return new ReserveResult(false, get(cluster, instanceId));
    }
  }

  @Override
  public boolean holdPorts(String cluster, String instanceId, String taskId, java.util.Set<Integer> tcp,
      java.util.Set<Integer> udp) {
    for (int attempt = 0; attempt < 10; attempt++) {
      Reservation held = get(cluster, instanceId).map(ci -> ci.reservations().get(taskId)).orElse(null);
      if (held == null) {
        return false;
      }
      java.util.Set<Integer> newTcp = new java.util.TreeSet<>(tcp);
      newTcp.removeAll(held.resources().tcpPorts());
      java.util.Set<Integer> newUdp = new java.util.TreeSet<>(udp);
      newUdp.removeAll(held.resources().udpPorts());
      if (newTcp.isEmpty() && newUdp.isEmpty()) {
        return true;
      }
      Resources r = held.resources();
      java.util.Set<Integer> allTcp = new java.util.TreeSet<>(r.tcpPorts());
      allTcp.addAll(newTcp);
      java.util.Set<Integer> allUdp = new java.util.TreeSet<>(r.udpPorts());
      allUdp.addAll(newUdp);
      Reservation next = new Reservation(new Resources(r.cpu(), r.memory(), allTcp, allUdp, r.gpus(), r.gpuIds()),
          held.reservedAt(), held.group());
      Map<String, AttributeValue> values = new HashMap<>(Map.of(
          ":old", ContainerInstanceItems.reservationValue(held),
          ":new", ContainerInstanceItems.reservationValue(next),
          ":one", n(1),
          ":at", EventMarks.at(clock.instant())));
      List<String> adds = new ArrayList<>(List.of("version :one"));
      if (!newTcp.isEmpty()) {
        values.put(":tcp", Items.ns(newTcp));
        adds.add("tcpPorts :tcp");
      }
      if (!newUdp.isEmpty()) {
        values.put(":udp", Items.ns(newUdp));
        adds.add("udpPorts :udp");
      }
      try {
        dynamo.updateItem(b -> b.tableName(table).key(key(cluster, instanceId))
            .updateExpression("SET reservations.#t = :new" + MARK + " ADD " + String.join(", ", adds))
            .conditionExpression("reservations.#t = :old")
            .expressionAttributeNames(Map.of("#t", taskId))
            .expressionAttributeValues(values));
        return true;
      } catch (ConditionalCheckFailedException raced) {
        // the entry changed or went away since it was read: read again
      }
    }
    throw new OptimisticLockException("the reservation of task " + taskId + " kept changing");
  }

  @Override
  public boolean release(String cluster, String instanceId, String taskId, Resources held) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":cpu", n(held.cpu()), ":mem", n(held.memory()), ":one", n(1), ":at", EventMarks.at(clock.instant())));
    StringBuilder update = new StringBuilder(
        "REMOVE reservations.#t SET remainingCpu = remainingCpu + :cpu, remainingMemory = remainingMemory + :mem"
            + MARK + " ADD version :one");
    List<String> deletes = new ArrayList<>();
    if (!held.tcpPorts().isEmpty()) {
      values.put(":tcp", Items.ns(held.tcpPorts()));
      deletes.add("tcpPorts :tcp");
    }
    if (!held.udpPorts().isEmpty()) {
      values.put(":udp", Items.ns(held.udpPorts()));
      deletes.add("udpPorts :udp");
    }
    if (!held.gpuIds().isEmpty()) {
      values.put(":gpus", Items.ss(held.gpuIds()));
      deletes.add("gpusInUse :gpus");
    }
    // the task's RUNNING mark goes with its entry (deleting a member that is not there is a no-op)
    values.put(":task", Items.ss(java.util.Set.of(taskId)));
    deletes.add(ContainerInstanceItems.RUNNING_TASKS + " :task");
    update.append(" DELETE ").append(String.join(", ", deletes));
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(cluster, instanceId))
          .updateExpression(update.toString())
          .conditionExpression("attribute_exists(reservations.#t)")
          .expressionAttributeNames(Map.of("#t", taskId))
          .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException alreadyReleased) {
      return false;
    }
  }

  @Override
  public boolean markRunning(String cluster, String instanceId, String taskId) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(cluster, instanceId))
          .updateExpression("SET " + Tables.EVENT_PENDING_AT + " = :at ADD #r :task, version :one")
          .conditionExpression("attribute_exists(reservations.#t) AND NOT contains(#r, :id)")
          .expressionAttributeNames(Map.of("#t", taskId, "#r", ContainerInstanceItems.RUNNING_TASKS))
          .expressionAttributeValues(Map.of(":task", Items.ss(java.util.Set.of(taskId)), ":id", s(taskId),
              ":one", n(1), ":at", EventMarks.at(clock.instant()))));
      return true;
    } catch (ConditionalCheckFailedException releasedOrMarked) {
      return false;
    }
  }

  /**
   * The instance as the caller saw it, with what the reservation changed (only the updated
   * attributes come back, which keeps the answer small however many tasks the instance holds).
   */
  private static ContainerInstance merge(ContainerInstance seen, String taskId, Map<String, AttributeValue> updated) {
    Map<String, Reservation> reservations = new HashMap<>(seen.reservations());
    reservations.put(taskId, ContainerInstanceItems.reservationFrom(Items.sub(updated, "reservations").get(taskId)));
    return new ContainerInstance(seen.cluster(), seen.id(), seen.ec2InstanceId(), seen.status(), seen.statusReason(),
        seen.agentConnected(), seen.registeredResources(), (int) num(updated, "remainingCpu"),
        (int) num(updated, "remainingMemory"),
        updated.containsKey("tcpPorts") ? ports(updated, "tcpPorts") : seen.tcpPortsInUse(),
        updated.containsKey("udpPorts") ? ports(updated, "udpPorts") : seen.udpPortsInUse(),
        updated.containsKey("gpusInUse") ? Items.stringSet(updated, "gpusInUse") : seen.gpusInUse(),
        reservations, seen.attributes(), seen.versionInfo(), seen.registeredAt(), num(updated, "version"), seen.tags());
  }

  private static void portConditions(String attribute, String prefix, java.util.Set<Integer> ports,
      StringBuilder condition, StringBuilder add, Map<String, AttributeValue> values) {
    if (ports.isEmpty()) {
      return;
    }
    int i = 0;
    for (int port : ports) {
      String name = ":" + prefix + i++;
      values.put(name, n(port));
      condition.append(" AND NOT contains(").append(attribute).append(", ").append(name).append(")");
    }
    values.put(":" + prefix, Items.ns(ports));
    add.append(", ").append(attribute).append(" :").append(prefix);
  }

  private static Map<String, AttributeValue> key(String cluster, String id) {
    return Map.of("cluster", s(cluster), "id", s(id));
  }

}
