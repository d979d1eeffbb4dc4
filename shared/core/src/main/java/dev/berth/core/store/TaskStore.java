package dev.berth.core.store;

import dev.berth.model.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Task items, keyed by cluster and task id, with an index by container instance. A STOPPED task
 * carries a TTL so it stays describable for a while (ECS keeps stopped tasks about an hour) and
 * then disappears.
 */
public interface TaskStore {
  /** The task as it is now if its last change still waits for its EventBridge event. */
  Optional<Pending<Task>> pendingEvent(String cluster, String id);

  /** Records that EventBridge has the event of {@code version}; false if the task has moved on since. */
  boolean clearPendingEvent(String cluster, String id, long version);

  /** The ids of the cluster's tasks whose event has been pending since before {@code before}. */
  List<String> pendingEventsBefore(String cluster, Instant before);

  /** The task, or empty when there is none (a tombstone is not a task). */
  Optional<Task> get(String cluster, String id);

  /**
   * The tasks with these ids, read consistently, 100 to a call; ids without a task (never written,
   * or claimed by a tombstone) are simply absent from the answer.
   */
  Map<String, Task> getAll(String cluster, java.util.Collection<String> ids);

  /**
   * Claims a task id whose placement died between its two writes, so that a placement that was
   * only slow cannot write the task after its reservation has been released. False if the id is
   * already taken (by the task, or by an earlier tombstone). Tombstones expire with stopped tasks.
   */
  boolean createTombstone(String cluster, String id, String instanceId, Instant at);

  /**
   * Writes a new task; false if a task with this id already exists (a retried placement). Like
   * {@link #replace}, marks its event pending (see {@link EventMarks}).
   */
  boolean create(Task task);

  /** Replaces a task read at {@code expectedVersion}. */
  void replace(Task task, long expectedVersion);

  /** Every task item of a cluster (stopped ones until they expire), in id order. */
  List<Task> inCluster(String cluster);

  /** The tasks placed on one container instance (eventually consistent index). */
  List<Task> listByContainerInstance(String instanceId);
}
