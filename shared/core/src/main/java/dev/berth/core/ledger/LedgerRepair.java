package dev.berth.core.ledger;

import dev.berth.core.events.EcsEvents;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Repairs what a crash between two writes can leave in a cluster's ledger, so nothing leaks:
 *
 * <ul>
 *   <li>a reservation older than {@link LedgerAudit#GRACE} without its task item (the placement
 *       died between the reservation and the task write): the task id is first claimed with a
 *       tombstone, so a placement that was only slow cannot write the task afterwards, then the
 *       reservation is released;
 *   <li>a reservation of a task that is already STOPPED (its release was interrupted): released;
 *   <li>a RUNNING task whose reservation is not marked running (the task-state function stopped
 *       between the two writes, or the task was running before marks existed): marked, so the
 *       cluster counts, which read the marks, are right.
 * </ul>
 *
 * Every step is conditional, so repairing twice, or while tasks come and go, is safe.
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

  /** Repairs one cluster; returns a line per reservation released or marked. */
  public List<String> repair(String cluster) {
    Map<String, Task> byId = new HashMap<>();
    tasks.inCluster(cluster).forEach(t -> byId.put(t.id(), t));
    List<String> released = new ArrayList<>();
    for (ContainerInstance instance : instances.inCluster(cluster)) {
      int before = released.size();
      for (Map.Entry<String, Reservation> entry : instance.reservations().entrySet()) {
        String taskId = entry.getKey();
        Reservation held = entry.getValue();
        Task task = byId.get(taskId);
        if (task == null) {
          if (held.reservedAt().plus(LedgerAudit.GRACE).isAfter(clock.instant())) {
            continue; // a placement may still be writing its task
          }
          if (!tasks.createTombstone(cluster, taskId, instance.id(), clock.instant())
              && tasks.get(cluster, taskId).isPresent()) {
            continue; // the task was written after all: it owns its reservation
          }
          if (instances.release(cluster, instance.id(), taskId, held.resources())) {
            released.add(instance.id() + ": released orphaned reservation " + taskId);
          }
        } else if (task.stopped() && instances.release(cluster, instance.id(), taskId, held.resources())) {
          released.add(instance.id() + ": released the reservation of STOPPED task " + taskId);
        } else if (TaskStatus.RUNNING.name().equals(task.lastStatus()) && !held.running()
            && instances.markRunning(cluster, instance.id(), taskId)) {
          released.add(instance.id() + ": marked RUNNING task " + taskId + " running");
        }
      }
      if (released.size() > before) {
        events.instanceChanged(cluster, instance.id());
      }
    }
    return released;
  }
}
