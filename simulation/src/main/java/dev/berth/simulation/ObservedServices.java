package dev.berth.simulation;

import dev.berth.core.store.ServiceStore;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.TaskTargets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiPredicate;

/** The service items as the code under test sees them, recording saves and steady states. */
final class ObservedServices implements ServiceStore {
  private final ServiceStore delegate;
  private final Observer observer;
  private final Clock clock;
  /** Whether the store holds the service as due at any time (read without faults or cost). */
  private final BiPredicate<String, String> due;

  ObservedServices(ServiceStore delegate, Observer observer, Clock clock, BiPredicate<String, String> due) {
    this.delegate = delegate;
    this.observer = observer;
    this.clock = clock;
    this.due = due;
  }

  @Override
  public Optional<PendingEvents> pendingEvents(String cluster, String name) {
    return delegate.pendingEvents(cluster, name);
  }

  @Override
  public void eventsSent(String cluster, String name, long version, Instant through) {
    delegate.eventsSent(cluster, name, version, through);
  }

  @Override
  public List<String> pendingEventsBefore(String cluster, Instant before) {
    return delegate.pendingEventsBefore(cluster, before);
  }

  @Override
  public Optional<ServiceState> get(String cluster, String name) {
    return delegate.get(cluster, name);
  }

  @Override
  public void create(ServiceState state, long replacingVersion, Instant dueAt) {
    observer.touchedServices.add(state.service().name());
    delegate.create(state, replacingVersion, dueAt);
    observer.steadyAt.remove(state.service().name());
  }

  @Override
  public Acquired acquireUnlessPassed(String cluster, String name, long wakeups, String owner, Instant now,
      Instant until) {
    Acquired acquired = delegate.acquireUnlessPassed(cluster, name, wakeups, owner, now, until);
    if (acquired.passed()) {
      observer.triggersPassed++;
    }
    return acquired;
  }

  @Override
  public Optional<Held> acquire(String cluster, String name, String owner, Instant now, Instant until) {
    return delegate.acquire(cluster, name, owner, now, until);
  }

  @Override
  public Optional<Held> acquireAgain(String cluster, String name, String owner, Instant until) {
    return delegate.acquireAgain(cluster, name, owner, until);
  }

  @Override
  public boolean renew(String cluster, String name, String owner, Instant until) {
    return delegate.renew(cluster, name, owner, until);
  }

  @Override
  public boolean exists(String cluster, String name) {
    return delegate.exists(cluster, name);
  }

  @Override
  public boolean addTaskIds(String cluster, String name, String owner, Set<String> taskIds) {
    observer.touchedServices.add(name);
    return delegate.addTaskIds(cluster, name, owner, taskIds);
  }

  @Override
  public void forgetTaskIds(String cluster, String name, Set<String> taskIds) {
    observer.touchedServices.add(name);
    delegate.forgetTaskIds(cluster, name, taskIds);
  }

  @Override
  public boolean recordTargets(String cluster, String name, String owner, long lease, Map<String, TaskTargets> byTask) {
    observer.touchedServices.add(name);
    return delegate.recordTargets(cluster, name, owner, lease, byTask);
  }

  @Override
  public boolean forgetTargets(String cluster, String name, long lease, Set<String> taskIds) {
    observer.touchedServices.add(name);
    return delegate.forgetTargets(cluster, name, lease, taskIds);
  }

  @Override
  public List<String> daemons(String cluster) {
    return delegate.daemons(cluster);
  }

  @Override
  public Saved save(ServiceState next, String owner, long seenWakeups, Instant dueAt, boolean passed) {
    String name = next.service().name();
    observer.touchedServices.add(name);
    Saved saved;
    try {
      saved = delegate.save(next, owner, seenWakeups, dueAt, passed);
    } catch (SimulatedCrash crash) {
      if (dueAt == null && !due.test(next.service().cluster(), name)) {
        // A save of a steady service that was written, its answer lost: the store has it steady
        // and due at no time, so nothing will look at it again. It is steady from now.
        observer.steadyAt.putIfAbsent(name, clock.instant());
        observer.steadySavesUnanswered++;
      }
      throw crash;
    }
    if (saved != Saved.LEASE_LOST && passed) {
      observer.passesSaved++;
    }
    if (saved != Saved.LEASE_LOST) {
      if (dueAt == null) {
        observer.steadyAt.putIfAbsent(name, clock.instant());
      } else {
        observer.steadyAt.remove(name);
      }
    }
    return saved;
  }

  @Override
  public void release(String cluster, String name, String owner) {
    delegate.release(cluster, name, owner);
  }

  @Override
  public OptionalLong wake(String cluster, String name, Instant now) {
    return delegate.wake(cluster, name, now);
  }

  @Override
  public List<String> due(String cluster, Instant now) {
    return delegate.due(cluster, now);
  }

  @Override
  public List<Summary> summaries(String cluster) {
    return delegate.summaries(cluster);
  }
}
