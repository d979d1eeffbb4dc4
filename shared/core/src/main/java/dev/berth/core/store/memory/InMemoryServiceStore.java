package dev.berth.core.store.memory;

import dev.berth.core.store.ServiceStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.TaskTargets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Service items in memory with DynamoServiceStore's bookkeeping: the lease (owner and expiry), the
 * wakeup counter triggers bump and the count the last pass saw, the sparse due index, and the
 * pending-event mark with what was sent.
 * The stored version is the store's own: create writes the state's, every save adds one. As there,
 * the task ids and the registered targets are kept apart from the service (only a lease holder's
 * read carries them), target records are fenced by the lease number every acquire raises, and each
 * cluster's DAEMON services are listed apart, written in the same order of requests.
 */
public final class InMemoryServiceStore extends Guarded implements ServiceStore {
  /**
   * Times in epoch milliseconds, null when the item has no such attribute; {@code leases} counts the
   * acquires (the number of the newest lease); {@code passedWakeups} 0 when no pass has been saved.
   */
  private record Item(ServiceState state, long wakeups, Long dueAt, String leaseOwner, Long leaseUntil,
      Long pendingAt, Long sentThrough, long leases, long passedWakeups) implements EventMarks.Marked {
    long version() {
      return state.service().version();
    }

    Item with(ServiceState s, long w, Long due, String owner, Long until, Long pending, Long sent) {
      return new Item(s, w, due, owner, until, pending, sent, leases, passedWakeups);
    }

    Item passed(long seen) {
      return new Item(state, wakeups, dueAt, leaseOwner, leaseUntil, pendingAt, sentThrough, leases, seen);
    }
  }

  /** One task's targets and the number of the lease that wrote them. */
  private record Recorded(TaskTargets targets, long lease) {}

  private final Table<Item> table = new Table<>();
  /** The services' task ids, one entry each, apart from the service (hash {@code cluster/name}). */
  private final Table<String> taskIds = new Table<>();
  /** The services' registered targets, one entry per task, apart from the service (hash {@code cluster/name}). */
  private final Table<Recorded> targets = new Table<>();
  /** The list of each cluster's DAEMON services (hash cluster, range name). */
  private final Table<String> daemons = new Table<>();
  /** Task ids per batch request, as DynamoDB's BatchWriteItem takes them. */
  private static final int BATCH = 25;

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

  /**
   * The service with its task ids, as a lease holder reads it, but without a lease and without a
   * read reported to the hooks: for checks that watch the store from outside (the simulation's
   * invariants), never for the code under test.
   */
  public Optional<ServiceState> observe(String cluster, String name) {
    return table.get(cluster, name).map(i -> held(i, false).state());
  }

  @Override
  public void create(ServiceState state, long replacingVersion, Instant dueAt) {
    Service sv = state.service();
    if (sv.daemon()) {
      write("daemons", () -> daemons.put(sv.cluster(), sv.name(), sv.name())); // listed first, as in DynamoDB
    }
    write("create", () -> {
      var old = table.get(sv.cluster(), sv.name()).orElse(null);
      boolean holds = replacingVersion == 0 ? old == null
          : old != null && old.state().service().status() == ServiceStatus.INACTIVE && old.version() == replacingVersion;
      if (!holds) {
        throw new OptimisticLockException("service " + sv.name());
      }
      // a whole-item put: no lease, nothing sent yet, no pass saved; the replaced service's lease count goes on
      table.put(sv.cluster(), sv.name(), new Item(apart(state), 1, millis(dueAt), null, null, clock.millis(),
          null, old == null ? 0 : old.leases(), 0));
    });
    if (!sv.daemon() && replacingVersion != 0) {
      write("daemons", () -> daemons.remove(sv.cluster(), sv.name()));
    }
    writeIds(sv.cluster(), sv.name(), state.taskIds(), true);
  }

  /** The state as the service item keeps it: without its task ids and targets. */
  private static ServiceState apart(ServiceState s) {
    return s.taskIds().isEmpty() && s.targets().isEmpty() ? s
        : new ServiceState(s.service(), s.deployments(), Set.of(), s.fingerprint(), s.history(), Map.of());
  }

  /**
   * A lease holder's read: the service, then its task ids and its targets (a request each, as in
   * DynamoDB).
   */
  private Held held(Item i) {
    return held(i, true);
  }

  private Held held(Item i, boolean counted) {
    Service sv = i.state().service();
    String key = sv.cluster() + "/" + sv.name();
    Set<String> ids = new TreeSet<>(counted ? read("taskIds", () -> taskIds.partition(key), List::size)
        : taskIds.partition(key));
    List<Map.Entry<String, Recorded>> recorded = counted ? read("targets", () -> targets.entries(key), List::size)
        : targets.entries(key);
    Map<String, TaskTargets> byTask = new HashMap<>();
    recorded.forEach(e -> byTask.put(e.getKey(), e.getValue().targets()));
    ServiceState s = i.state();
    return new Held(new ServiceState(s.service(), s.deployments(), ids, s.fingerprint(), s.history(), byTask),
        i.wakeups(), i.leases());
  }

  private void writeIds(String cluster, String name, Set<String> ids, boolean put) {
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      write(put ? "addTaskIds" : "forgetTaskIds", () -> batch.forEach(id -> {
        if (put) {
          taskIds.put(cluster + "/" + name, id, id);
        } else {
          taskIds.remove(cluster + "/" + name, id);
        }
      }));
    }
  }

  /** What one acquire write found: the item it took the lease of (null if none), and whether a pass covered it. */
  private record Claim(Item taken, boolean passed) {}

  @Override
  public Optional<Held> acquire(String cluster, String name, String owner, Instant now, Instant until) {
    return take(cluster, name, NO_WAKEUP, owner, now, until, false).held();
  }

  @Override
  public Acquired acquireUnlessPassed(String cluster, String name, long wakeups, String owner, Instant now,
      Instant until) {
    return take(cluster, name, wakeups, owner, now, until, true);
  }

  private Acquired take(String cluster, String name, long wakeups, String owner, Instant now, Instant until,
      boolean numbered) {
    Claim claim = write("acquire", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null) {
        return new Claim(null, false);
      }
      if (wakeups != NO_WAKEUP && i.passedWakeups() >= wakeups) {
        return new Claim(null, true);
      }
      if (i.leaseUntil() != null && i.leaseUntil() >= millis(now)) {
        return new Claim(null, false);
      }
      Item next = new Item(i.state(), i.wakeups(), i.dueAt(), owner, millis(until), i.pendingAt(), i.sentThrough(),
          numbered ? i.leases() + 1 : i.leases(), i.passedWakeups());
      table.put(cluster, name, next);
      return new Claim(next, false);
    });
    return new Acquired(Optional.ofNullable(claim.taken()).map(this::held), claim.passed());
  }

  @Override
  public Optional<Held> acquireAgain(String cluster, String name, String owner, Instant until) {
    return extend("acquireAgain", cluster, name, owner, until).map(this::held);
  }

  @Override
  public boolean renew(String cluster, String name, String owner, Instant until) {
    return extend("renew", cluster, name, owner, until).isPresent();
  }

  /** Moves the lease's end to {@code until} if {@code owner} still holds it; the item as written. */
  private Optional<Item> extend(String operation, String cluster, String name, String owner, Instant until) {
    return write(operation, () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || !owner.equals(i.leaseOwner())) {
        return Optional.<Item>empty();
      }
      Item next = i.with(i.state(), i.wakeups(), i.dueAt(), owner, millis(until), i.pendingAt(), i.sentThrough());
      table.put(cluster, name, next);
      return Optional.of(next);
    });
  }

  @Override
  public boolean exists(String cluster, String name) {
    return readOne("exists", () -> table.get(cluster, name)).isPresent();
  }

  @Override
  public boolean addTaskIds(String cluster, String name, String owner, Set<String> ids) {
    if (ids.isEmpty()) {
      return true;
    }
    boolean holder = readOne("addTaskIds", () -> table.get(cluster, name))
        .filter(i -> owner.equals(i.leaseOwner())).isPresent();
    if (holder) {
      writeIds(cluster, name, ids, true);
    }
    return holder;
  }

  @Override
  public void forgetTaskIds(String cluster, String name, Set<String> ids) {
    writeIds(cluster, name, ids, false);
  }

  /** A lease check, then one conditional write per task, as in DynamoDB (which has no conditional batch). */
  @Override
  public boolean recordTargets(String cluster, String name, String owner, long lease, Map<String, TaskTargets> byTask) {
    if (byTask.isEmpty()) {
      return true;
    }
    boolean holder = readOne("recordTargets", () -> table.get(cluster, name))
        .filter(i -> owner.equals(i.leaseOwner())).isPresent();
    if (!holder) {
      return false;
    }
    String key = cluster + "/" + name;
    for (var e : new java.util.TreeMap<>(byTask).entrySet()) {
      boolean written = write("recordTargets", () -> {
        Recorded old = targets.get(key, e.getKey()).orElse(null);
        if (old != null && old.lease() > lease) {
          return false;
        }
        targets.put(key, e.getKey(), new Recorded(e.getValue(), lease));
        return true;
      });
      if (!written) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean forgetTargets(String cluster, String name, long lease, Set<String> taskIds) {
    String key = cluster + "/" + name;
    boolean all = true;
    for (String id : new TreeSet<>(taskIds)) {
      all &= write("forgetTargets", () -> {
        Recorded old = targets.get(key, id).orElse(null);
        if (old != null && old.lease() > lease) {
          return false;
        }
        targets.remove(key, id);
        return true;
      });
    }
    return all;
  }

  @Override
  public List<String> daemons(String cluster) {
    return read("daemons", () -> List.copyOf(daemons.partition(cluster)), List::size);
  }

  @Override
  public Saved save(ServiceState next, String owner, long seenWakeups, Instant dueAt, boolean passed) {
    Saved saved = write(next, owner, seenWakeups, dueAt, true, passed) ? Saved.RELEASED
        : write(next, owner, seenWakeups, dueAt, false, passed) ? Saved.WOKEN : Saved.LEASE_LOST;
    Service sv = next.service();
    if (saved != Saved.LEASE_LOST && sv.daemon() && sv.status() == ServiceStatus.INACTIVE) {
      write("daemons", () -> daemons.remove(sv.cluster(), sv.name())); // listed last, after it is gone
    }
    return saved;
  }

  /**
   * One conditional update of a holder's save: letting the lease go only if no trigger came since;
   * recording the count a pass saw.
   */
  private boolean write(ServiceState next, String owner, long seenWakeups, Instant dueAt, boolean release,
      boolean passed) {
    String cluster = next.service().cluster();
    String name = next.service().name();
    return write("save", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || !owner.equals(i.leaseOwner()) || release && i.wakeups() != seenWakeups) {
        return false;
      }
      // the task ids and targets are not written by a save (see addTaskIds, recordTargets...)
      ServiceState stored = new ServiceState(withVersion(next.service(), i.version() + 1), next.deployments(),
          Set.of(), next.fingerprint(), next.history(), Map.of());
      Item saved = i.with(stored, i.wakeups(), dueAt == null ? null : millis(dueAt),
          release ? null : i.leaseOwner(), release ? null : i.leaseUntil(), clock.millis(), i.sentThrough());
      table.put(cluster, name, passed ? saved.passed(seenWakeups) : saved);
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
  public OptionalLong wake(String cluster, String name, Instant now) {
    return write("wake", () -> {
      var i = table.get(cluster, name).orElse(null);
      if (i == null || i.state().service().status() == ServiceStatus.INACTIVE) {
        return OptionalLong.empty();
      }
      table.put(cluster, name, i.with(i.state(), i.wakeups() + 1, millis(now), i.leaseOwner(), i.leaseUntil(),
          i.pendingAt(), i.sentThrough()));
      return OptionalLong.of(i.wakeups() + 1);
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
