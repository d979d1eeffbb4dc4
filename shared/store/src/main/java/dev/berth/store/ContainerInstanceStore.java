package dev.berth.store;

import static dev.berth.store.Items.bool;
import static dev.berth.store.Items.list;
import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.ports;
import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;
import static dev.berth.store.Items.time;

import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import dev.berth.model.Tag;
import dev.berth.model.VersionInfo;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Container-instance items: the ledger. Placement and release are single conditional UpdateItems
 * on one instance item, conditioned on the resources themselves rather than on a version, so two
 * placements on one instance both succeed whenever both fit.
 */
@Singleton
public final class ContainerInstanceStore {
  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public ContainerInstanceStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.containerInstancesTable();
  }

  /** The outcome of a reservation attempt: the instance after it, or as it was when refused. */
  public record ReserveResult(boolean reserved, Optional<ContainerInstance> instance) {}

  public Optional<ContainerInstance> get(String cluster, String id) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, id)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  /** Every instance of a cluster, in id order, read consistently. */
  public List<ContainerInstance> inCluster(String cluster) {
    return Items.partition(dynamo, table, "cluster", cluster, ContainerInstanceStore::fromItem);
  }

  /** Counts the instances of a cluster that are not INACTIVE (ECS's registeredContainerInstancesCount). */
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

  /** Writes a new instance, or replaces one read at {@code expectedVersion}; 0 means new. */
  public void put(ContainerInstance instance, long expectedVersion) {
    try {
      if (expectedVersion == 0) {
        dynamo.putItem(b -> b.tableName(table).item(toItem(instance)).conditionExpression("attribute_not_exists(id)"));
      } else {
        dynamo.putItem(b -> b.tableName(table).item(toItem(instance))
            .conditionExpression("version = :v")
            .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
      }
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("container instance " + instance.id());
    }
  }

  /**
   * Places a task: one conditional UpdateItem that succeeds only if the instance is ACTIVE with its
   * agent connected, has the CPU and memory, and none of the task's static ports and none of its
   * GPU ids are in use. A task that needs GPUs names them in {@code need} (the caller chooses them
   * from its view of the instance, see {@link ContainerInstance#freeGpus}).
   */
  public ReserveResult reserve(ContainerInstance seen, String taskId, Resources need, String group, Instant at) {
    if (need.gpuIds().size() != need.gpus()) {
      throw new IllegalArgumentException("a reservation names the GPU ids it takes");
    }
    String cluster = seen.cluster();
    String instanceId = seen.id();
    Map<String, String> names = new HashMap<>(Map.of("#t", taskId, "#s", "status"));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":r", reservationValue(new Reservation(need, at, group)),
        ":cpu", n(need.cpu()),
        ":mem", n(need.memory()),
        ":one", n(1),
        ":active", s(ContainerInstance.ACTIVE),
        ":yes", bool(true)));
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
        + add;
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
        return new ReserveResult(false, Optional.of(fromItem(e.item())));
      }
      return new ReserveResult(false, get(cluster, instanceId));
    }
  }

  /**
   * Gives a task's resources back, exactly once: the update is conditioned on the task's
   * reservation entry still being there. Returns false if it was already released.
   */
  public boolean release(String cluster, String instanceId, String taskId, Resources held) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":cpu", n(held.cpu()), ":mem", n(held.memory()), ":one", n(1)));
    StringBuilder update = new StringBuilder(
        "REMOVE reservations.#t SET remainingCpu = remainingCpu + :cpu, remainingMemory = remainingMemory + :mem"
            + " ADD version :one");
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
    if (!deletes.isEmpty()) {
      update.append(" DELETE ").append(String.join(", ", deletes));
    }
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

  /**
   * The instance as the caller saw it, with what the reservation changed (only the updated
   * attributes come back, which keeps the answer small however many tasks the instance holds).
   */
  private static ContainerInstance merge(ContainerInstance seen, String taskId, Map<String, AttributeValue> updated) {
    Map<String, Reservation> reservations = new HashMap<>(seen.reservations());
    reservations.put(taskId, reservationFrom(Items.sub(updated, "reservations").get(taskId)));
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

  /** Starts a reservation entry that holds GPUs. */
  private static final String GPU_TAG = "g|";

  /**
   * One reservation entry, compact because the instance item carries one per live task and every
   * write of the item is charged (and, in an emulator, processed) by its size:
   * {@code "cpu|memory|tcp,ports|udp,ports|reservedAtMillis|group"} (the group last: it may hold '|').
   * An entry that holds GPUs starts with a {@code "g|"} tag and carries their ids before the group:
   * {@code "g|cpu|memory|tcp,ports|udp,ports|reservedAtMillis|gpu,ids|group"}. The tag keeps both
   * forms unambiguous (an untagged entry starts with a number), so entries without GPUs, including
   * those written before GPUs were supported, read as before.
   */
  static AttributeValue reservationValue(Reservation r) {
    Resources res = r.resources();
    String group = r.group() == null ? "" : r.group();
    String head = res.cpu() + "|" + res.memory() + "|" + joined(res.tcpPorts()) + "|" + joined(res.udpPorts()) + "|"
        + r.reservedAt().toEpochMilli() + "|";
    if (res.gpuIds().isEmpty()) {
      return s(head + group);
    }
    return s(GPU_TAG + head + String.join(",", new java.util.TreeSet<>(res.gpuIds())) + "|" + group);
  }

  static Reservation reservationFrom(AttributeValue value) {
    String entry = value.s();
    if (entry.startsWith(GPU_TAG)) {
      String[] parts = entry.substring(GPU_TAG.length()).split("\\|", 7);
      java.util.Set<String> gpus = new java.util.TreeSet<>(List.of(parts[5].split(",")));
      return new Reservation(new Resources(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), split(parts[2]),
          split(parts[3]), gpus.size(), gpus), Instant.ofEpochMilli(Long.parseLong(parts[4])), parts[6]);
    }
    String[] parts = entry.split("\\|", 6);
    return new Reservation(new Resources(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), split(parts[2]),
        split(parts[3])), Instant.ofEpochMilli(Long.parseLong(parts[4])), parts[5]);
  }

  private static String joined(java.util.Set<Integer> ports) {
    return String.join(",", new java.util.TreeSet<>(ports).stream().map(String::valueOf).toList());
  }

  private static java.util.Set<Integer> split(String ports) {
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    if (!ports.isEmpty()) {
      for (String p : ports.split(",")) {
        out.add(Integer.valueOf(p));
      }
    }
    return out;
  }

  static Map<String, AttributeValue> toItem(ContainerInstance ci) {
    var item = Items.item();
    item.putAll(key(ci.cluster(), ci.id()));
    Items.put(item, "ec2InstanceId", ci.ec2InstanceId());
    item.put("status", s(ci.status()));
    Items.put(item, "statusReason", ci.statusReason());
    item.put("agentConnected", bool(ci.agentConnected()));
    item.put("registeredResources", list(ci.registeredResources(), ContainerInstanceStore::resourceValue));
    item.put("remainingCpu", n(ci.remainingCpu()));
    item.put("remainingMemory", n(ci.remainingMemory()));
    Items.putPorts(item, "tcpPorts", ci.tcpPortsInUse());
    Items.putPorts(item, "udpPorts", ci.udpPortsInUse());
    if (!ci.gpusInUse().isEmpty()) {
      item.put("gpusInUse", Items.ss(ci.gpusInUse()));
    }
    var reservations = Items.item();
    ci.reservations().forEach((taskId, r) -> reservations.put(taskId, reservationValue(r)));
    item.put("reservations", Items.map(reservations));
    item.put("attributes", list(ci.attributes(), a -> {
      var m = Items.item();
      m.put("name", s(a.name()));
      Items.put(m, "value", a.value());
      Items.put(m, "targetType", a.targetType());
      Items.put(m, "targetId", a.targetId());
      return m;
    }));
    if (ci.versionInfo() != null) {
      var v = Items.item();
      Items.put(v, "agentVersion", ci.versionInfo().agentVersion());
      Items.put(v, "agentHash", ci.versionInfo().agentHash());
      Items.put(v, "dockerVersion", ci.versionInfo().dockerVersion());
      item.put("versionInfo", Items.map(v));
    }
    item.put("registeredAt", time(ci.registeredAt()));
    item.put("version", n(ci.version()));
    item.put("tags", Items.tags(ci.tags()));
    return item;
  }

  private static Map<String, AttributeValue> resourceValue(Resource r) {
    var m = Items.item();
    m.put("name", s(r.name()));
    m.put("type", s(r.type()));
    m.put("doubleValue", AttributeValue.fromN(Double.toString(r.doubleValue())));
    m.put("longValue", n(r.longValue()));
    m.put("integerValue", n(r.integerValue()));
    m.put("stringSetValue", Items.strings(r.stringSetValue()));
    return m;
  }

  static ContainerInstance fromItem(Map<String, AttributeValue> item) {
    Map<String, Reservation> reservations = new HashMap<>();
    var r = Items.sub(item, "reservations");
    if (r != null) {
      r.forEach((taskId, v) -> reservations.put(taskId, reservationFrom(v)));
    }
    var v = Items.sub(item, "versionInfo");
    return new ContainerInstance(
        str(item, "cluster"),
        str(item, "id"),
        str(item, "ec2InstanceId"),
        str(item, "status"),
        str(item, "statusReason"),
        bool(item, "agentConnected"),
        list(item, "registeredResources", m -> new Resource(str(m, "name"), str(m, "type"),
            Double.parseDouble(m.get("doubleValue").n()), num(m, "longValue"), (int) num(m, "integerValue"),
            Items.strings(m, "stringSetValue"))),
        (int) num(item, "remainingCpu"),
        (int) num(item, "remainingMemory"),
        ports(item, "tcpPorts"),
        ports(item, "udpPorts"),
        Items.stringSet(item, "gpusInUse"),
        reservations,
        list(item, "attributes", m -> new Attribute(str(m, "name"), str(m, "value"), str(m, "targetType"),
            str(m, "targetId"))),
        v == null ? null : new VersionInfo(str(v, "agentVersion"), str(v, "agentHash"), str(v, "dockerVersion")),
        time(item, "registeredAt"),
        num(item, "version"),
        Items.tags(item));
  }
}
