package dev.berth.core.ledger;

import dev.berth.core.events.EcsEvents;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Repairs what a crash between two writes of the ledger ({@link Ledger}) can leave in a cluster, so
 * nothing leaks, reading only the tasks such a crash can concern:
 *
 * <ul>
 *   <li>an entry older than {@link Ledger#GRACE} that is not marked running: its placement may have
 *       died between the reservation and the task write. If there is no task item, the task id is
 *       first claimed with a tombstone (so a placement that was only slow cannot write the task
 *       afterwards), then the entry is released; if the task is RUNNING, the entry is marked (the
 *       task-state function stopped between its two writes); if it is STOPPED, released;
 *   <li>a task whose last write still waits for its event (the sparse pending-event index): a stop
 *       whose release may have been interrupted. If it is STOPPED and its entry is still held, the
 *       entry is released. Stop paths release before they send the event, and the minute runs this
 *       before it re-sends pending events, so such a task is always seen here while it needs it.
 * </ul>
 *
 * A task that was placed, reported RUNNING and is still running leaves neither trace, so a cluster
 * in its steady state costs no task reads at all: the work grows with what is in flight. Every step
 * is conditional, so repairing twice, or while tasks come and go, is safe.
 */
@Singleton
public final class LedgerRepair {
  private final ContainerInstanceStore instances;
  private final TaskStore tasks;
  private final Clock clock;
  private final EcsEvents events;

  @Inject
  public LedgerRepair(ContainerInstanceStore instances, TaskStore tasks, Clock clock, EcsEvents events) {
    this.events = events;
    this.instances = instances;
    this.tasks = tasks;
    this.clock = clock;
  }

  /** Repairs one cluster, reading its instances first; returns a line per entry released or marked. */
  public List<String> repair(String cluster) {
    return repair(cluster, instances.inCluster(cluster));
  }

  /**
   * Repairs one cluster from its instances as read just before (the minute reads them once for all
   * its checks); every change is conditioned on the item as it is when it is written.
   */
  public List<String> repair(String cluster, List<ContainerInstance> snapshot) {
    Instant now = clock.instant();
    Map<String, ContainerInstance> holders = new HashMap<>();
    Set<String> suspects = new TreeSet<>();
    for (ContainerInstance instance : snapshot) {
      instance.reservations().forEach((taskId, held) -> {
        holders.put(taskId, instance);
        if (!held.running() && !held.reservedAt().plus(Ledger.GRACE).isAfter(now)) {
          suspects.add(taskId);
        }
      });
    }
    tasks.pendingEventsBefore(cluster, now.plusMillis(1)).stream().filter(holders::containsKey).forEach(suspects::add);
    if (suspects.isEmpty()) {
      return List.of();
    }
    Map<String, Task> found = tasks.getAll(cluster, suspects);
    List<String> changes = new ArrayList<>();
    Set<String> changedInstances = new TreeSet<>();
    for (String taskId : suspects) {
      ContainerInstance instance = holders.get(taskId);
      String change = repairOne(cluster, instance, taskId, instance.reservations().get(taskId), found.get(taskId), now);
      if (change != null) {
        changes.add(instance.id() + ": " + change);
        changedInstances.add(instance.id());
      }
    }
    changedInstances.forEach(id -> events.instanceChanged(cluster, id));
    return changes;
  }

  /** Mends one suspect entry; returns what it did, or null when the entry is as it should be. */
  private String repairOne(String cluster, ContainerInstance instance, String taskId, Reservation held, Task task,
      Instant now) {
    if (task == null) {
      if (held.running() || held.reservedAt().plus(Ledger.GRACE).isAfter(now)) {
        return null; // a placement may still be writing its task
      }
      if (!tasks.createTombstone(cluster, taskId, instance.id(), now) && tasks.get(cluster, taskId).isPresent()) {
        return null; // the task was written after all: it owns its reservation
      }
      return instances.release(cluster, instance.id(), taskId, held.resources())
          ? "released orphaned reservation " + taskId : null;
    }
    if (task.stopped()) {
      return instances.release(cluster, instance.id(), taskId, held.resources())
          ? "released the reservation of STOPPED task " + taskId : null;
    }
    if (TaskStatus.RUNNING.name().equals(task.lastStatus()) && !held.running()
        && instances.markRunning(cluster, instance.id(), taskId)) {
      return "marked RUNNING task " + taskId + " running";
    }
    return null;
  }
}
