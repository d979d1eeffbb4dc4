package dev.berth.simulation;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.Pending;
import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Resources;
import dev.berth.model.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger as the code under test sees it, recording what each call touched. With
 * {@code skipOneRelease} (the deliberately broken build the tests use to show the invariants can
 * fail) the first release after {@code skipAfter} acknowledgements is reported done without being
 * written.
 */
final class ObservedInstances implements ContainerInstanceStore {
  private final ContainerInstanceStore delegate;
  private final Observer observer;
  private boolean skipOneRelease;
  private long skipAfter;

  ObservedInstances(ContainerInstanceStore delegate, Observer observer, boolean skipOneRelease, long skipAfter) {
    this.delegate = delegate;
    this.observer = observer;
    this.skipOneRelease = skipOneRelease;
    this.skipAfter = skipAfter;
  }

  @Override
  public Optional<Pending<ContainerInstance>> pendingEvent(String cluster, String id) {
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
  public Optional<ContainerInstance> get(String cluster, String id) {
    return delegate.get(cluster, id);
  }

  @Override
  public List<ContainerInstance> inCluster(String cluster) {
    return delegate.inCluster(cluster);
  }

  @Override
  public java.util.Map<String, ContainerInstance> getAll(String cluster, java.util.Collection<String> ids) {
    return delegate.getAll(cluster, ids);
  }

  @Override
  public int countRegistered(String cluster) {
    return delegate.countRegistered(cluster);
  }

  @Override
  public void put(ContainerInstance instance, long expectedVersion) {
    observer.touchedInstances.add(instance.id());
    String outer = observer.writingInstance;
    observer.writingInstance = instance.id();
    try {
      delegate.put(instance, expectedVersion);
    } catch (OptimisticLockException e) {
      observer.lostRaces++;
      throw e;
    } finally {
      observer.writingInstance = outer;
    }
  }

  @Override
  public void setTags(ContainerInstance seen, List<Tag> tags) {
    observer.touchedInstances.add(seen.id());
    delegate.setTags(seen, tags);
  }

  @Override
  public void setAttributes(ContainerInstance seen, List<Attribute> attributes) {
    observer.touchedInstances.add(seen.id());
    delegate.setAttributes(seen, attributes);
  }

  @Override
  public ReserveResult reserve(ContainerInstance seen, String taskId, Resources need, String group, Instant at) {
    observer.touchedInstances.add(seen.id());
    String outer = observer.writingInstance;
    observer.writingInstance = seen.id();
    ReserveResult result;
    try {
      result = delegate.reserve(seen, taskId, need, group, at);
    } finally {
      observer.writingInstance = outer;
    }
    if (result.reserved()) {
      observer.reservations++;
    } else {
      observer.refusedReservations++;
    }
    return result;
  }

  @Override
  public boolean holdPorts(String cluster, String instanceId, String taskId, Set<Integer> tcp, Set<Integer> udp) {
    observer.touchedInstances.add(instanceId);
    return delegate.holdPorts(cluster, instanceId, taskId, tcp, udp);
  }

  @Override
  public boolean release(String cluster, String instanceId, String taskId, Resources held) {
    observer.touchedInstances.add(instanceId);
    observer.touchedTasks.add(taskId);
    boolean released;
    if (skipOneRelease && skipAfter-- <= 0 && delegate.get(cluster, instanceId)
        .filter(ci -> ci.reservations().containsKey(taskId)).isPresent()) {
      skipOneRelease = false;
      released = true; // the broken build: acknowledged, not written
    } else {
      released = delegate.release(cluster, instanceId, taskId, held);
    }
    if (released) {
      observer.releases.merge(taskId, 1, Integer::sum);
      observer.releasedThisStep.add(new Observer.Release(instanceId, taskId));
    }
    return released;
  }

  @Override
  public boolean markRunning(String cluster, String instanceId, String taskId) {
    observer.touchedInstances.add(instanceId);
    return delegate.markRunning(cluster, instanceId, taskId);
  }
}
