package dev.berth.core.store;

import dev.berth.model.ContainerInstance;
import dev.berth.model.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Container-instance items: the ledger (its rule is {@link dev.berth.core.ledger.Ledger}). Placement and release are single conditional UpdateItems
 * on one instance item, conditioned on the resources themselves rather than on a version, so two
 * placements on one instance both succeed whenever both fit.
 */
public interface ContainerInstanceStore {
  /** The instance as it is now if its last change still waits for its EventBridge event. */
  Optional<Pending<ContainerInstance>> pendingEvent(String cluster, String id);

  /** Records that EventBridge has the event of {@code version}; false if the instance has moved on since. */
  boolean clearPendingEvent(String cluster, String id, long version);

  /** The ids of the cluster's instances whose event has been pending since before {@code before}. */
  List<String> pendingEventsBefore(String cluster, Instant before);

  /** The outcome of a reservation attempt: the instance after it, or as it was when refused. */
  record ReserveResult(boolean reserved, Optional<ContainerInstance> instance) {}

  Optional<ContainerInstance> get(String cluster, String id);

  /** Every instance of a cluster, in id order, read consistently. */
  List<ContainerInstance> inCluster(String cluster);

  /**
   * The named instances of a cluster that exist, by id, read consistently (a pass reads the
   * instances its service's tasks are on, not the whole cluster).
   */
  java.util.Map<String, ContainerInstance> getAll(String cluster, java.util.Collection<String> ids);

  /** Counts the instances of a cluster that are not INACTIVE (ECS's registeredContainerInstancesCount). */
  int countRegistered(String cluster);

  /** Writes a new instance, or replaces one read at {@code expectedVersion}; 0 means new. */
  void put(ContainerInstance instance, long expectedVersion);

  /** Replaces the instance's tags, if it is still at the version {@code seen} was read at; the version moves. */
  void setTags(ContainerInstance seen, List<dev.berth.model.Tag> tags);

  /**
   * Replaces the instance's attributes (built-in and custom), if it is still at the version {@code seen}
   * was read at. Only that member and the version change: the ledger's members are left as they are,
   * and a whole-item put from an older read fails on the version.
   */
  void setAttributes(ContainerInstance seen, List<dev.berth.model.Attribute> attributes);

  /**
   * Places a task: one conditional UpdateItem that succeeds only if the instance is ACTIVE with its
   * agent connected, has the CPU and memory, and none of the task's static ports and none of its
   * GPU ids are in use. A task that needs GPUs names them in {@code need} (the caller chooses them
   * from its view of the instance, see {@link ContainerInstance#freeGpus}).
   */
  ReserveResult reserve(ContainerInstance seen, String taskId, Resources need, String group, Instant at);

  /**
   * Records host ports a task's containers were bound to after placement (dynamic ports the engine
   * chose) as in use on the instance and as part of the task's reservation entry, so that no
   * placement hands them out while the task holds them and its release gives them back. Conditioned
   * on the entry being the one read, retried on a race; a no-op once the task has been released.
   * Returns false when the task holds no reservation here any more.
   */
  boolean holdPorts(String cluster, String instanceId, String taskId, java.util.Set<Integer> tcp, java.util.Set<Integer> udp);

  /**
   * Gives a task's resources back, exactly once: the update is conditioned on the task's
   * reservation entry still being there. Returns false if it was already released.
   */
  boolean release(String cluster, String instanceId, String taskId, Resources held);

  /**
   * Marks a live task as reported RUNNING on its instance, once: conditioned on its reservation entry
   * still being there (a late RUNNING report after the release marks nothing) and on the mark not
   * being there yet (a duplicate report writes nothing). The version moves, like every change of the
   * item, so a whole-item put from an older read cannot drop the mark. Returns whether it marked.
   * Per-instance, like placement and release: no cluster-wide item is written on this path.
   */
  boolean markRunning(String cluster, String instanceId, String taskId);
}
