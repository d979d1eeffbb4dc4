package dev.berth.simulation;

import dev.berth.core.store.Pending;
import dev.berth.core.store.TaskStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Task;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The task items as the code under test sees them, recording every task written and touched. */
final class ObservedTasks implements TaskStore {
  private final TaskStore delegate;
  private final Observer observer;

  ObservedTasks(TaskStore delegate, Observer observer) {
    this.delegate = delegate;
    this.observer = observer;
  }

  @Override
  public Optional<Pending<Task>> pendingEvent(String cluster, String id) {
    return delegate.pendingEvent(cluster, id);
  }

  @Override
  public boolean clearPendingEvent(String cluster, String id, long version) {
    return delegate.clearPendingEvent(cluster, id, version);
  }

  @Override
  public List<String> pendingEventsBefore(String cluster, Instant before) {
    return delegate.pendingEventsBefore(cluster, before);
  }

  @Override
  public Optional<Task> get(String cluster, String id) {
    return delegate.get(cluster, id);
  }

  @Override
  public Map<String, Task> getAll(String cluster, Collection<String> ids) {
    return delegate.getAll(cluster, ids);
  }

  @Override
  public boolean createTombstone(String cluster, String id, String instanceId, Instant at) {
    observer.touchedTasks.add(id);
    return delegate.createTombstone(cluster, id, instanceId, at);
  }

  @Override
  public boolean create(Task task) {
    observer.touchedTasks.add(task.id());
    boolean created = delegate.create(task);
    if (created) {
      observer.written.add(task.id());
      observer.launchedByGroup.merge(String.valueOf(task.group()), 1, Integer::sum);
      if (task.stopped()) {
        observer.seenStopped.add(task.id());
      }
    }
    return created;
  }

  @Override
  public void replace(Task task, long expectedVersion) {
    observer.touchedTasks.add(task.id());
    String outer = observer.writingTask;
    observer.writingTask = task.id();
    try {
      delegate.replace(task, expectedVersion);
    } catch (OptimisticLockException e) {
      observer.lostRaces++;
      throw e;
    } finally {
      observer.writingTask = outer;
    }
    if (task.stopped()) {
      observer.seenStopped.add(task.id());
    }
  }

  @Override
  public List<Task> inCluster(String cluster) {
    return delegate.inCluster(cluster);
  }

  @Override
  public List<Task> listByContainerInstance(String instanceId) {
    return delegate.listByContainerInstance(instanceId);
  }
}
