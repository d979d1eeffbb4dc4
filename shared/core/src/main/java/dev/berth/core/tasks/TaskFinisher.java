package dev.berth.core.tasks;

import dev.berth.core.Retry;
import dev.berth.core.events.EcsEvents;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Container;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Makes a task STOPPED and gives its resources back (the release in {@link dev.berth.core.ledger.Ledger}'s
 * rule). Safe to repeat: the task write only moves forward, and the release is conditioned on the
 * reservation entry still existing, so a duplicate, a retry after a crash, or two paths racing
 * release the resources exactly once. The task's event goes out after the release: until then its
 * pending-event mark is what lets the ledger repair find a release a crash interrupted.
 */
@Singleton
public final class TaskFinisher {
  private final TaskStore tasks;
  private final ContainerInstanceStore instances;
  private final Clock clock;
  private final EcsEvents events;

  @Inject
  public TaskFinisher(TaskStore tasks, ContainerInstanceStore instances, Clock clock, EcsEvents events) {
    this.tasks = tasks;
    this.instances = instances;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Records the task STOPPED (unless it already is) by the control plane itself, then releases it.
   * Empty when no task item exists (a reservation orphaned by a crash mid-placement).
   */
  public Optional<Task> forceStopped(String cluster, String taskId, String stopCode, String reason) {
    Optional<Task> stopped = Retry.onConflict(() -> tasks.get(cluster, taskId).map(task -> {
      if (task.stopped()) {
        return task;
      }
      var now = clock.instant();
      List<Container> containers = task.containers().stream()
          .map(c -> c.withState(TaskStatus.STOPPED.name(), null, null, null, null)).toList();
      Task next = task.withState(TaskStatus.STOPPED.name(), containers, task.startedAt(),
          task.stoppingAt() != null ? task.stoppingAt() : now, now, task.pullStartedAt(), task.pullStoppedAt(),
          now, task.stopCode() != null ? task.stopCode() : stopCode,
          task.stoppedReason() != null ? task.stoppedReason() : reason, TaskStatus.STOPPED.name());
      tasks.replace(next, task.version());
      return next;
    }));
    stopped.ifPresent(t -> {
      release(t);
      events.taskChanged(t.cluster(), t.id());
      events.instanceChanged(t.cluster(), t.containerInstanceId());
    });
    return stopped;
  }

  /**
   * (The caller sends the instance's event.) Records on the task's instance that it is RUNNING, which is what the cluster's running and
   * pending counts are summed from; a no-op once marked or once released.
   */
  public boolean markRunning(Task task) {
    return instances.markRunning(task.cluster(), task.containerInstanceId(), task.id());
  }

  /**
   * Gives a STOPPED task's reservation back; a no-op if it was already given back. The caller sends
   * the instance's event once its own writes are done.
   */
  public boolean release(Task task) {
    return instances.release(task.cluster(), task.containerInstanceId(), task.id(), task.reservation());
  }
}
