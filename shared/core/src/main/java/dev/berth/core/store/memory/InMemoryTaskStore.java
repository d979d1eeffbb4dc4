package dev.berth.core.store.memory;

import dev.berth.core.store.Pending;
import dev.berth.core.store.TaskStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Task items in memory, as DynamoTaskStore keeps them: conditional create and versioned replace,
 * each marking the task's event pending; tombstones that claim an id and hide from every read; a
 * STOPPED task's expiry, applied when {@link #expire} is called (DynamoDB's TTL deletes late, and
 * reads do not filter).
 */
public final class InMemoryTaskStore extends Guarded implements TaskStore {
  /** How long a stopped task (and a tombstone) stays, as in DynamoDB. */
  public static final Duration STOPPED_TASK_RETENTION = Duration.ofHours(1);

  /** A task, or a tombstone (task null), with its event mark and TTL (epoch seconds, null: none). */
  private record Item(Task task, String orphanedOn, Long pendingAt, Long expiresAt) implements EventMarks.Marked {
    boolean tombstone() {
      return task == null;
    }
  }

  private final Table<Item> table = new Table<>();
  /** The by-container-instance index: per instance, the (task id, cluster) keys of its tasks, in id order. */
  private final Map<String, java.util.TreeSet<Map.Entry<String, String>>> byInstance = new HashMap<>();
  private static final Comparator<Map.Entry<String, String>> BY_ID =
      Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue());

  public InMemoryTaskStore(Clock clock, StoreHooks hooks) {
    super("TaskStore", clock, hooks);
  }

  @Override
  public Optional<Pending<Task>> pendingEvent(String cluster, String id) {
    return readOne("pendingEvent", () -> table.get(cluster, id)
        .filter(i -> !i.tombstone() && i.pendingAt() != null)
        .map(i -> new Pending<>(i.task(), Instant.ofEpochMilli(i.pendingAt()))));
  }

  @Override
  public boolean clearPendingEvent(String cluster, String id, long version) {
    return write("clearPendingEvent", () -> {
      var item = table.get(cluster, id).orElse(null);
      if (item == null || item.tombstone() || item.task().version() != version || item.pendingAt() == null) {
        return false;
      }
      table.put(cluster, id, new Item(item.task(), null, null, item.expiresAt()));
      return true;
    });
  }

  @Override
  public List<String> pendingEventsBefore(String cluster, Instant before) {
    return read("pendingEventsBefore", () -> EventMarks.before(table.entries(cluster), millis(before)), List::size);
  }

  @Override
  public Optional<Task> get(String cluster, String id) {
    return readOne("get", () -> table.get(cluster, id).filter(i -> !i.tombstone()).map(Item::task));
  }

  @Override
  public Map<String, Task> getAll(String cluster, Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    Map<String, Task> out = new HashMap<>();
    // BatchGetItem takes 100 keys a call
    for (int from = 0; from < all.size(); from += 100) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + 100));
      Map<String, Task> found = read("getAll", () -> {
        Map<String, Task> tasks = new HashMap<>();
        batch.forEach(id -> table.get(cluster, id).filter(i -> !i.tombstone()).ifPresent(i -> tasks.put(id, i.task())));
        return tasks;
      }, Map::size);
      out.putAll(found);
    }
    return out;
  }

  @Override
  public boolean createTombstone(String cluster, String id, String instanceId, Instant at) {
    return write("createTombstone", () -> {
      if (table.get(cluster, id).isPresent()) {
        return false;
      }
      table.put(cluster, id, new Item(null, instanceId, null, at.plus(STOPPED_TASK_RETENTION).getEpochSecond()));
      return true;
    });
  }

  @Override
  public boolean create(Task task) {
    return write("create", () -> {
      if (table.get(task.cluster(), task.id()).isPresent()) {
        return false;
      }
      store(task);
      return true;
    });
  }

  @Override
  public void replace(Task task, long expectedVersion) {
    write("replace", () -> {
      var item = table.get(task.cluster(), task.id()).orElse(null);
      // a tombstone has no version, so it never matches
      if (item == null || item.tombstone() || item.task().version() != expectedVersion) {
        throw new OptimisticLockException("task " + task.id());
      }
      store(task);
    });
  }

  private void store(Task task) {
    Long expiresAt = task.stopped() && task.stoppedAt() != null
        ? task.stoppedAt().plus(STOPPED_TASK_RETENTION).getEpochSecond() : null;
    table.get(task.cluster(), task.id()).ifPresent(this::unindex);
    table.put(task.cluster(), task.id(), new Item(Stored.task(task), null, clock.millis(), expiresAt));
    if (task.containerInstanceId() != null) {
      byInstance.computeIfAbsent(task.containerInstanceId(), i -> new java.util.TreeSet<>(BY_ID))
          .add(Map.entry(task.id(), task.cluster()));
    }
  }

  private void unindex(Item item) {
    if (item.tombstone() || item.task().containerInstanceId() == null) {
      return;
    }
    var keys = byInstance.get(item.task().containerInstanceId());
    if (keys != null) {
      keys.remove(Map.entry(item.task().id(), item.task().cluster()));
      if (keys.isEmpty()) {
        byInstance.remove(item.task().containerInstanceId());
      }
    }
  }

  @Override
  public List<Task> inCluster(String cluster) {
    return read("inCluster", () -> table.partition(cluster).stream().filter(i -> !i.tombstone()).map(Item::task)
        .toList(), List::size);
  }

  @Override
  public List<Task> listByContainerInstance(String instanceId) {
    // the index's range key is the task id; a tombstone has no containerInstance and is not in it
    return read("listByContainerInstance", () -> byInstance.getOrDefault(instanceId, new java.util.TreeSet<>(BY_ID))
        .stream()
        .map(key -> table.get(key.getValue(), key.getKey()).orElseThrow().task())
        .toList(), List::size);
  }

  /**
   * Deletes what DynamoDB's TTL would have deleted by {@code now}: stopped tasks and tombstones
   * past their expiry. Returns how many went.
   */
  public int expire(Instant now) {
    synchronized (this) {
      return table.removeIf(i -> {
        boolean expired = i.expiresAt() != null && i.expiresAt() < now.getEpochSecond();
        if (expired) {
          unindex(i);
        }
        return expired;
      });
    }
  }
}
