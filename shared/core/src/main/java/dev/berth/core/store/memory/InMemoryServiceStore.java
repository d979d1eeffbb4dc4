package dev.berth.core.store.memory;

import dev.berth.core.store.ServiceStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Service items in memory with DynamoServiceStore's bookkeeping: the lease (owner and expiry), the
 * wakeup counter triggers bump, the sparse due index, and the pending-event mark with what was sent.
 * The stored version is the store's own: create writes the state's, every save adds one.
 */
public final class InMemoryServiceStore extends Guarded implements ServiceStore {
  /** Times in epoch milliseconds, null when the item has no such attribute. */
  private record Item(ServiceState state, long wakeups, Long dueAt, String leaseOwner, Long leaseUntil,
      Long pendingAt, Long sentThrough) implements EventMarks.Marked {
    long version() {
      return state.service().version();
    }

    Item with(ServiceState s, long w, Long due, String owner, Long until, Long pending, Long sent) {
      return new Item(s, w, due, owner, until, pending, sent);
    }

    Held held() {
      return new Held(state, wakeups);
    }
  }

  private final Table<Item> table = new Table<>();

  public InMemoryServiceStore(Clock clock, StoreHooks hooks) {
    super("ServiceStore", clock, hooks);
  }

  @Override
  public Optional<PendingEvents> pendingEvents(String cluster, String name) {
    return readOne("pendingEvents", () -> table.get(cluster, name).filter(i -> i.pendingAt() != null)
        .map(i -> new PendingEvents(i.state(), i.version(), Instant.ofEpochMilli(i.pendingAt()),
            i.sentThrough() == null ? null : Instant.ofEpochMilli(i.sentThrough()))));
  }

  @Override
  public void eventsSent(String cluster, String name, long version, Instant through) {
    long t = millis(through);
    boolean cleared = write("eventsSent", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || i.version() != version) {
        return false;
      }
      table.put(cluster, name, i.with(i.state(), i.wakeups(), i.dueAt(), i.leaseOwner(), i.leaseUntil(), null, t));
      return true;
    });
    if (!cleared) {
      // a newer save marked it again: record what was sent, unless someone recorded later already
      write("eventsSent", () -> {
        var i = table.get(cluster, name).orElse(null);
        if (i != null && (i.sentThrough() == null || i.sentThrough() < t)) {
          table.put(cluster, name, i.with(i.state(), i.wakeups(), i.dueAt(), i.leaseOwner(), i.leaseUntil(),
              i.pendingAt(), t));
        }
      });
    }
  }

  @Override
  public List<String> pendingEventsBefore(String cluster, Instant before) {
    return read("pendingEventsBefore", () -> EventMarks.before(table.entries(cluster), millis(before)), List::size);
  }

  @Override
  public Optional<ServiceState> get(String cluster, String name) {
    return readOne("get", () -> table.get(cluster, name).map(Item::state));
  }

  @Override
  public void create(ServiceState state, long replacingVersion, Instant dueAt) {
    Service sv = state.service();
    write("create", () -> {
      var old = table.get(sv.cluster(), sv.name()).orElse(null);
      boolean holds = replacingVersion == 0 ? old == null
          : old != null && old.state().service().status() == ServiceStatus.INACTIVE && old.version() == replacingVersion;
      if (!holds) {
        throw new OptimisticLockException("service " + sv.name());
      }
      // a whole-item put: no lease, nothing sent yet
      table.put(sv.cluster(), sv.name(), new Item(state, 1, millis(dueAt), null, null, clock.millis(), null));
    });
  }

  @Override
  public Optional<Held> acquire(String cluster, String name, String owner, Instant now, Instant until) {
    return write("acquire", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || i.leaseUntil() != null && i.leaseUntil() >= millis(now)) {
        return Optional.<Held>empty();
      }
      Item next = i.with(i.state(), i.wakeups(), i.dueAt(), owner, millis(until), i.pendingAt(), i.sentThrough());
      table.put(cluster, name, next);
      return Optional.of(next.held());
    });
  }

  @Override
  public Optional<Held> acquireAgain(String cluster, String name, String owner, Instant until) {
    return write("acquireAgain", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || !owner.equals(i.leaseOwner())) {
        return Optional.<Held>empty();
      }
      Item next = i.with(i.state(), i.wakeups(), i.dueAt(), owner, millis(until), i.pendingAt(), i.sentThrough());
      table.put(cluster, name, next);
      return Optional.of(next.held());
    });
  }

  @Override
  public boolean exists(String cluster, String name) {
    return readOne("exists", () -> table.get(cluster, name)).isPresent();
  }

  @Override
  public boolean addTaskIds(String cluster, String name, String owner, Set<String> taskIds) {
    if (taskIds.isEmpty()) {
      return true;
    }
    return write("addTaskIds", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || !owner.equals(i.leaseOwner())) {
        return false;
      }
      Set<String> ids = new TreeSet<>(i.state().taskIds());
      ids.addAll(taskIds);
      ServiceState s = i.state();
      ServiceState next = new ServiceState(s.service(), s.deployments(), ids, s.fingerprint(), s.history(), s.targets());
      table.put(cluster, name, i.with(next, i.wakeups(), i.dueAt(), i.leaseOwner(), i.leaseUntil(), i.pendingAt(),
          i.sentThrough()));
      return true;
    });
  }

  @Override
  public Saved save(ServiceState next, String owner, long seenWakeups, Instant dueAt) {
    if (write(next, owner, seenWakeups, dueAt, true)) {
      return Saved.RELEASED;
    }
    return write(next, owner, -1, dueAt, false) ? Saved.WOKEN : Saved.LEASE_LOST;
  }

  /** One conditional update of a holder's save: letting the lease go only if no trigger came since. */
  private boolean write(ServiceState next, String owner, long seenWakeups, Instant dueAt, boolean release) {
    String cluster = next.service().cluster();
    String name = next.service().name();
    return write("save", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || !owner.equals(i.leaseOwner()) || release && i.wakeups() != seenWakeups) {
        return false;
      }
      ServiceState stored = new ServiceState(withVersion(next.service(), i.version() + 1), next.deployments(),
          next.taskIds(), next.fingerprint(), next.history(), next.targets());
      table.put(cluster, name, i.with(stored, i.wakeups(), dueAt == null ? null : millis(dueAt),
          release ? null : i.leaseOwner(), release ? null : i.leaseUntil(), clock.millis(), i.sentThrough()));
      return true;
    });
  }

  private static Service withVersion(Service s, long version) {
    return new Service(s.cluster(), s.name(), s.status(), s.taskDefinition(), s.desiredCount(),
        s.schedulingStrategy(), s.deploymentConfiguration(), s.placementConstraints(), s.placementStrategy(),
        s.createdAt(), version, s.events(), s.throttle(), s.tags(), s.healthCheckGracePeriodSeconds(),
        s.taskTagging(), s.loadBalancers(), s.role());
  }

  @Override
  public void release(String cluster, String name, String owner) {
    write("release", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i != null && owner.equals(i.leaseOwner())) {
        table.put(cluster, name, i.with(i.state(), i.wakeups(), i.dueAt(), null, null, i.pendingAt(),
            i.sentThrough()));
      }
    });
  }

  @Override
  public boolean wake(String cluster, String name, Instant now) {
    return write("wake", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || i.state().service().status() == ServiceStatus.INACTIVE) {
        return false;
      }
      table.put(cluster, name, i.with(i.state(), i.wakeups() + 1, millis(now), i.leaseOwner(), i.leaseUntil(),
          i.pendingAt(), i.sentThrough()));
      return true;
    });
  }

  @Override
  public List<String> due(String cluster, Instant now) {
    long at = millis(now);
    return read("due", () -> {
      List<Map.Entry<String, Item>> due = new ArrayList<>();
      for (var e : table.entries(cluster)) {
        if (e.getValue().dueAt() != null && e.getValue().dueAt() <= at) {
          due.add(e);
        }
      }
      // the index's order: by due time, then (for equal times) by name
      due.sort(Comparator.comparing((Map.Entry<String, Item> e) -> e.getValue().dueAt())
          .thenComparing(Map.Entry::getKey));
      return due.stream().map(Map.Entry::getKey).toList();
    }, List::size);
  }

  @Override
  public List<Summary> summaries(String cluster) {
    return read("summaries", () -> table.partition(cluster).stream()
        .map(i -> new Summary(i.state().service().name(), i.state().service().status(),
            i.state().service().schedulingStrategy().name()))
        .toList(), List::size);
  }
}
