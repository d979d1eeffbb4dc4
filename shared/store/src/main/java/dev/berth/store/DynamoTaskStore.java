package dev.berth.store;

import static dev.berth.store.Items.list;
import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.optInt;
import static dev.berth.store.Items.ports;
import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;
import static dev.berth.store.Items.time;

import dev.berth.core.Config;
import dev.berth.core.store.Pending;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Container;
import dev.berth.model.KeyValue;
import dev.berth.model.NetworkBinding;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Resources;
import dev.berth.model.Tag;
import dev.berth.model.Task;
import dev.berth.model.TaskOverride.ContainerOverride;
import dev.berth.model.TaskOverride;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Task items, keyed by cluster and task id, with an index by container instance. A STOPPED task
 * carries a TTL so it stays describable for a while (ECS keeps stopped tasks about an hour) and
 * then disappears.
 */
@Singleton
public final class DynamoTaskStore implements TaskStore {
  static final Duration STOPPED_TASK_RETENTION = Duration.ofHours(1);

  private static final String TOMBSTONE = "tombstone";

  private final DynamoDbClient dynamo;
  private final String table;
  private final java.time.Clock clock;
  private final EventMarks marks;

  public DynamoTaskStore(DynamoDbClient dynamo, Config config) {
    this(dynamo, config, java.time.Clock.systemUTC());
  }

  @Inject
  public DynamoTaskStore(DynamoDbClient dynamo, Config config, java.time.Clock clock) {
    this.dynamo = dynamo;
    this.table = config.tasksTable();
    this.clock = clock;
    this.marks = new EventMarks(dynamo, table);
  }

  @Override
  public Optional<Pending<Task>> pendingEvent(String cluster, String id) {
    return marks.pending(cluster, id, DynamoTaskStore::fromItem);
  }

  @Override
  public boolean clearPendingEvent(String cluster, String id, long version) {
    return marks.clear(cluster, id, version);
  }

  @Override
  public List<String> pendingEventsBefore(String cluster, Instant before) {
    return marks.markedBefore(cluster, before);
  }

  /** The task's item with the pending-event mark every write of a task carries. */
  private Map<String, AttributeValue> marked(Task task) {
    var item = toItem(task);
    item.put(Tables.EVENT_PENDING_AT, EventMarks.at(clock.instant()));
    return item;
  }

  @Override
  public Optional<Task> get(String cluster, String id) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(cluster, id)).consistentRead(true)).item();
    return item == null || item.isEmpty() || isTombstone(item) ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public Map<String, Task> getAll(String cluster, java.util.Collection<String> ids) {
    Map<String, Task> out = new java.util.HashMap<>();
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += 100) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      all.subList(from, Math.min(all.size(), from + 100)).forEach(id -> keys.add(key(cluster, id)));
      Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> request =
          Map.of(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
              .keys(keys).consistentRead(true).build());
      while (!request.isEmpty()) {
        var finalRequest = request;
        var response = dynamo.batchGetItem(b -> b.requestItems(finalRequest));
        response.responses().getOrDefault(table, List.of()).stream()
            .filter(item -> !isTombstone(item))
            .forEach(item -> out.put(Items.str(item, "id"), fromItem(item)));
        request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      }
    }
    return out;
  }

  @Override
  public boolean createTombstone(String cluster, String id, String instanceId, Instant at) {
    var item = Items.item();
    item.putAll(key(cluster, id));
    item.put(TOMBSTONE, Items.bool(true));
    item.put("orphanedOn", s(instanceId));
    item.put("expiresAt", n(at.plus(STOPPED_TASK_RETENTION).getEpochSecond()));
    try {
      dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
      return true;
    } catch (ConditionalCheckFailedException taken) {
      return false;
    }
  }

  private static boolean isTombstone(Map<String, AttributeValue> item) {
    return item.containsKey(TOMBSTONE);
  }

  @Override
  public boolean create(Task task) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(marked(task)).conditionExpression("attribute_not_exists(id)"));
      return true;
    } catch (ConditionalCheckFailedException exists) {
      return false;
    }
  }

  @Override
  public void replace(Task task, long expectedVersion) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(marked(task))
          .conditionExpression("version = :v")
          .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
    } catch (ConditionalCheckFailedException e) {
      throw new OptimisticLockException("task " + task.id());
    }
  }

  @Override
  public List<Task> inCluster(String cluster) {
    return Items.partition(dynamo, table, "cluster", cluster, item -> isTombstone(item) ? null : fromItem(item))
        .stream().filter(java.util.Objects::nonNull).toList();
  }

  @Override
  public List<Task> listByContainerInstance(String instanceId) {
    List<Task> out = new ArrayList<>();
    dynamo.queryPaginator(b -> b.tableName(table).indexName(Tables.TASKS_BY_CONTAINER_INSTANCE)
            .keyConditionExpression("containerInstance = :i")
            .expressionAttributeValues(Map.of(":i", s(instanceId))))
        .items().forEach(i -> out.add(fromItem(i)));
    return out;
  }

  private static Map<String, AttributeValue> key(String cluster, String id) {
    return Map.of("cluster", s(cluster), "id", s(id));
  }

  static Map<String, AttributeValue> toItem(Task t) {
    var item = Items.item();
    item.putAll(key(t.cluster(), t.id()));
    item.put("family", s(t.taskDefinitionFamily()));
    item.put("revision", n(t.taskDefinitionRevision()));
    item.put("containerInstance", s(t.containerInstanceId()));
    Items.put(item, "availabilityZone", t.availabilityZone());
    item.put("lastStatus", s(t.lastStatus()));
    item.put("desiredStatus", s(t.desiredStatus()));
    item.put("cpu", n(t.reservation().cpu()));
    item.put("memory", n(t.reservation().memory()));
    Items.putPorts(item, "tcpPorts", t.reservation().tcpPorts());
    Items.putPorts(item, "udpPorts", t.reservation().udpPorts());
    if (t.reservation().gpus() > 0) {
      item.put("gpus", n(t.reservation().gpus()));
    }
    if (!t.reservation().gpuIds().isEmpty()) {
      item.put("gpuIds", Items.ss(t.reservation().gpuIds()));
    }
    item.put("containers", list(t.containers(), DynamoTaskStore::containerValue));
    item.put("overrides", Items.map(overridesValue(t.overrides())));
    Items.put(item, "startedBy", t.startedBy());
    Items.put(item, "group", t.group());
    item.put("createdAt", time(t.createdAt()));
    Items.put(item, "startedAt", t.startedAt());
    Items.put(item, "stoppingAt", t.stoppingAt());
    Items.put(item, "stoppedAt", t.stoppedAt());
    Items.put(item, "pullStartedAt", t.pullStartedAt());
    Items.put(item, "pullStoppedAt", t.pullStoppedAt());
    Items.put(item, "executionStoppedAt", t.executionStoppedAt());
    Items.put(item, "stopCode", t.stopCode());
    Items.put(item, "stoppedReason", t.stoppedReason());
    Items.put(item, "healthStatus", t.healthStatus());
    Items.put(item, "protectedUntil", t.protectedUntil());
    item.put("version", n(t.version()));
    item.put("tags", Items.tags(t.tags()));
    if (t.stopped() && t.stoppedAt() != null) {
      item.put("expiresAt", n(t.stoppedAt().plus(STOPPED_TASK_RETENTION).getEpochSecond()));
    }
    return item;
  }

  private static Map<String, AttributeValue> containerValue(Container c) {
    var m = Items.item();
    m.put("id", s(c.id()));
    m.put("name", s(c.name()));
    Items.put(m, "image", c.image());
    Items.put(m, "runtimeId", c.runtimeId());
    m.put("lastStatus", s(c.lastStatus()));
    Items.put(m, "exitCode", c.exitCode());
    Items.put(m, "reason", c.reason());
    m.put("networkBindings", list(c.networkBindings(), b -> {
      var nb = Items.item();
      Items.put(nb, "bindIP", b.bindIP());
      Items.put(nb, "containerPort", b.containerPort());
      Items.put(nb, "hostPort", b.hostPort());
      Items.put(nb, "protocol", b.protocol());
      return nb;
    }));
    m.put("cpu", n(c.cpu()));
    Items.put(m, "memory", c.memory());
    Items.put(m, "memoryReservation", c.memoryReservation());
    if (!c.gpuIds().isEmpty()) {
      m.put("gpuIds", Items.strings(c.gpuIds()));
    }
    Items.put(m, "healthStatus", c.healthStatus());
    return m;
  }

  private static Map<String, AttributeValue> overridesValue(TaskOverride o) {
    var m = Items.item();
    m.put("containerOverrides", list(o.containerOverrides(), c -> {
      var co = Items.item();
      Items.put(co, "name", c.name());
      if (c.command() != null) {
        co.put("command", Items.strings(c.command()));
      }
      if (c.environment() != null) {
        co.put("environment", list(c.environment(), kv -> Map.of("name", s(kv.name()), "value", s(kv.value()))));
      }
      Items.put(co, "cpu", c.cpu());
      Items.put(co, "memory", c.memory());
      Items.put(co, "memoryReservation", c.memoryReservation());
      Items.put(co, "gpu", c.gpu());
      return co;
    }));
    Items.put(m, "cpu", o.cpu());
    Items.put(m, "memory", o.memory());
    Items.put(m, "taskRoleArn", o.taskRoleArn());
    Items.put(m, "executionRoleArn", o.executionRoleArn());
    return m;
  }

  static Task fromItem(Map<String, AttributeValue> item) {
    var o = Items.sub(item, "overrides");
    TaskOverride overrides = o == null ? TaskOverride.NONE : new TaskOverride(
        list(o, "containerOverrides", c -> new ContainerOverride(str(c, "name"), Items.strings(c, "command"),
            c.containsKey("environment")
                ? list(c, "environment", kv -> new KeyValue(str(kv, "name"), str(kv, "value"))) : null,
            optInt(c, "cpu"), optInt(c, "memory"), optInt(c, "memoryReservation"), optInt(c, "gpu"))),
        str(o, "cpu"), str(o, "memory"), str(o, "taskRoleArn"), str(o, "executionRoleArn"));
    return new Task(
        str(item, "cluster"),
        str(item, "id"),
        str(item, "family"),
        (int) num(item, "revision"),
        str(item, "containerInstance"),
        str(item, "availabilityZone"),
        str(item, "lastStatus"),
        str(item, "desiredStatus"),
        new Resources((int) num(item, "cpu"), (int) num(item, "memory"), ports(item, "tcpPorts"),
            ports(item, "udpPorts"), item.containsKey("gpus") ? (int) num(item, "gpus") : 0,
            Items.stringSet(item, "gpuIds")),
        list(item, "containers", c -> new Container(str(c, "id"), str(c, "name"), str(c, "image"),
            str(c, "runtimeId"), str(c, "lastStatus"), optInt(c, "exitCode"), str(c, "reason"),
            list(c, "networkBindings", b -> new NetworkBinding(str(b, "bindIP"), optInt(b, "containerPort"),
                optInt(b, "hostPort"), str(b, "protocol"))),
            (int) num(c, "cpu"), optInt(c, "memory"), optInt(c, "memoryReservation"),
            Items.strings(c, "gpuIds"), str(c, "healthStatus"))),
        overrides,
        str(item, "startedBy"),
        str(item, "group"),
        time(item, "createdAt"),
        time(item, "startedAt"),
        time(item, "stoppingAt"),
        time(item, "stoppedAt"),
        time(item, "pullStartedAt"),
        time(item, "pullStoppedAt"),
        time(item, "executionStoppedAt"),
        str(item, "stopCode"),
        str(item, "stoppedReason"),
        num(item, "version"),
        Items.tags(item),
        str(item, "healthStatus"),
        time(item, "protectedUntil"));
  }
}
