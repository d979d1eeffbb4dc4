package dev.berth.core.store.memory;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.Pending;
import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Resources;
import dev.berth.model.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ledger in memory, with the conditions of DynamoContainerInstanceStore's UpdateItems: a
 * reservation succeeds only when the instance, as it is at that moment, accepts placements and has
 * the CPU, memory, ports and GPUs free; release only while the task's entry is there.
 */
public final class InMemoryContainerInstanceStore extends Guarded implements ContainerInstanceStore {
  private record Item(ContainerInstance instance, Long pendingAt) implements EventMarks.Marked {}

  private final Table<Item> table = new Table<>();

  public InMemoryContainerInstanceStore(Clock clock, StoreHooks hooks) {
    super("ContainerInstanceStore", clock, hooks);
  }

  @Override
  public Optional<Pending<ContainerInstance>> pendingEvent(String cluster, String id) {
    return readOne("pendingEvent", () -> table.get(cluster, id).filter(i -> i.pendingAt() != null)
        .map(i -> new Pending<>(i.instance(), Instant.ofEpochMilli(i.pendingAt()))));
  }

  @Override
  public boolean clearPendingEvent(String cluster, String id, long version) {
    return write("clearPendingEvent", () -> {
      var item = table.get(cluster, id).orElse(null);
      if (item == null || item.instance().version() != version || item.pendingAt() == null) {
        return false;
      }
      table.put(cluster, id, new Item(item.instance(), null));
      return true;
    });
  }

  @Override
  public List<String> pendingEventsBefore(String cluster, Instant before) {
    return read("pendingEventsBefore", () -> EventMarks.before(table.entries(cluster), millis(before)), List::size);
  }

  @Override
  public Optional<ContainerInstance> get(String cluster, String id) {
    return readOne("get", () -> table.get(cluster, id).map(Item::instance));
  }

  @Override
  public List<ContainerInstance> inCluster(String cluster) {
    return read("inCluster", () -> table.partition(cluster).stream().map(Item::instance).toList(), List::size);
  }

  @Override
  public Map<String, ContainerInstance> getAll(String cluster, Collection<String> ids) {
    List<String> all = List.copyOf(new TreeSet<>(ids));
    Map<String, ContainerInstance> out = new TreeMap<>();
    for (int from = 0; from < all.size(); from += 100) { // BatchGetItem takes 100 keys a call
      List<String> batch = all.subList(from, Math.min(all.size(), from + 100));
      out.putAll(read("getAll", () -> {
        Map<String, ContainerInstance> found = new TreeMap<>();
        batch.forEach(id -> table.get(cluster, id).ifPresent(i -> found.put(id, i.instance())));
        return found;
      }, Map::size));
    }
    return out;
  }

  @Override
  public int countRegistered(String cluster) {
    return read("countRegistered", () -> (int) table.partition(cluster).stream()
        .filter(i -> !ContainerInstance.INACTIVE.equals(i.instance().status())).count(), n -> n);
  }

  @Override
  public void put(ContainerInstance instance, long expectedVersion) {
    write("put", () -> {
      var old = table.get(instance.cluster(), instance.id());
      boolean holds = expectedVersion == 0 ? old.isEmpty()
          : old.isPresent() && old.get().instance().version() == expectedVersion;
      if (!holds) {
        throw new OptimisticLockException("container instance " + instance.id());
      }
      store(instance);
    });
  }

  @Override
  public void setTags(ContainerInstance seen, List<Tag> tags) {
    setMember(seen, "setTags", ci -> copy(ci, ci.reservations(), ci.remainingCpu(), ci.remainingMemory(),
        ci.tcpPortsInUse(), ci.udpPortsInUse(), ci.gpusInUse(), ci.attributes(), tags));
  }

  @Override
  public void setAttributes(ContainerInstance seen, List<Attribute> attributes) {
    setMember(seen, "setAttributes", ci -> copy(ci, ci.reservations(), ci.remainingCpu(), ci.remainingMemory(),
        ci.tcpPortsInUse(), ci.udpPortsInUse(), ci.gpusInUse(), attributes, ci.tags()));
  }

  /** A member's replacement: conditioned on the version, moves it, and (as in DynamoDB) sets no event mark. */
  private void setMember(ContainerInstance seen, String operation,
      java.util.function.UnaryOperator<ContainerInstance> change) {
    write(operation, () -> {
      var item = table.get(seen.cluster(), seen.id()).orElse(null);
      if (item == null || item.instance().version() != seen.version()) {
        throw new OptimisticLockException("container instance " + seen.id());
      }
      table.put(seen.cluster(), seen.id(), new Item(Stored.instance(change.apply(item.instance())), item.pendingAt()));
    });
  }

  @Override
  public ReserveResult reserve(ContainerInstance seen, String taskId, Resources need, String group, Instant at) {
    if (need.gpuIds().size() != need.gpus()) {
      throw new IllegalArgumentException("a reservation names the GPU ids it takes");
    }
    return write("reserve", () -> {
      var item = table.get(seen.cluster(), seen.id()).orElse(null);
      if (item == null) {
        return new ReserveResult(false, Optional.empty());
      }
      ContainerInstance now = item.instance();
      if (!fits(now, taskId, need)) {
        return new ReserveResult(false, Optional.of(now));
      }
      Reservation entry = Stored.reservation(new Reservation(need, at, group));
      Map<String, Reservation> reservations = new HashMap<>(now.reservations());
      reservations.put(taskId, entry);
      ContainerInstance after = copy(now, reservations, now.remainingCpu() - need.cpu(),
          now.remainingMemory() - need.memory(), union(now.tcpPortsInUse(), need.tcpPorts()),
          union(now.udpPortsInUse(), need.udpPorts()), union(now.gpusInUse(), need.gpuIds()), now.attributes(),
          now.tags());
      store(after);
      return new ReserveResult(true, Optional.of(merged(seen, taskId, entry, after, need)));
    });
  }

  private static boolean fits(ContainerInstance ci, String taskId, Resources need) {
    return ContainerInstance.ACTIVE.equals(ci.status()) && ci.agentConnected()
        && ci.remainingCpu() >= need.cpu() && ci.remainingMemory() >= need.memory()
        && !ci.reservations().containsKey(taskId)
        && need.tcpPorts().stream().noneMatch(ci.tcpPortsInUse()::contains)
        && need.udpPorts().stream().noneMatch(ci.udpPortsInUse()::contains)
        && need.gpuIds().stream().noneMatch(ci.gpusInUse()::contains);
  }

  /**
   * What DynamoContainerInstanceStore answers a reservation with: the instance as the caller saw it,
   * with the attributes the update wrote (UPDATED_NEW) as they are now; the port and GPU sets only
   * when the reservation added to them.
   */
  private static ContainerInstance merged(ContainerInstance seen, String taskId, Reservation entry,
      ContainerInstance after, Resources need) {
    Map<String, Reservation> reservations = new HashMap<>(seen.reservations());
    reservations.put(taskId, entry);
    return new ContainerInstance(seen.cluster(), seen.id(), seen.ec2InstanceId(), seen.status(), seen.statusReason(),
        seen.agentConnected(), seen.registeredResources(), after.remainingCpu(), after.remainingMemory(),
        need.tcpPorts().isEmpty() ? seen.tcpPortsInUse() : after.tcpPortsInUse(),
        need.udpPorts().isEmpty() ? seen.udpPortsInUse() : after.udpPortsInUse(),
        need.gpuIds().isEmpty() ? seen.gpusInUse() : after.gpusInUse(),
        reservations, seen.attributes(), seen.versionInfo(), seen.registeredAt(), after.version(), seen.tags());
  }

  @Override
  public boolean holdPorts(String cluster, String instanceId, String taskId, Set<Integer> tcp, Set<Integer> udp) {
    // DynamoDB reads the entry, then updates it conditioned on it; here both happen under one lock
    Reservation held = get(cluster, instanceId).map(ci -> ci.reservations().get(taskId)).orElse(null);
    if (held == null) {
      return false;
    }
    Set<Integer> newTcp = minus(tcp, held.resources().tcpPorts());
    Set<Integer> newUdp = minus(udp, held.resources().udpPorts());
    if (newTcp.isEmpty() && newUdp.isEmpty()) {
      return true;
    }
    return write("holdPorts", () -> {
      var item = table.get(cluster, instanceId).orElse(null);
      Reservation current = item == null ? null : item.instance().reservations().get(taskId);
      if (current == null) {
        return false;
      }
      Resources r = current.resources();
      Set<Integer> addTcp = minus(tcp, r.tcpPorts());
      Set<Integer> addUdp = minus(udp, r.udpPorts());
      if (addTcp.isEmpty() && addUdp.isEmpty()) {
        return true;
      }
      Reservation next = new Reservation(new Resources(r.cpu(), r.memory(), union(r.tcpPorts(), addTcp),
          union(r.udpPorts(), addUdp), r.gpus(), r.gpuIds()), current.reservedAt(), current.group(),
          current.running());
      ContainerInstance ci = item.instance();
      Map<String, Reservation> reservations = new HashMap<>(ci.reservations());
      reservations.put(taskId, next);
      store(copy(ci, reservations, ci.remainingCpu(), ci.remainingMemory(), union(ci.tcpPortsInUse(), addTcp),
          union(ci.udpPortsInUse(), addUdp), ci.gpusInUse(), ci.attributes(), ci.tags()));
      return true;
    });
  }

  @Override
  public boolean release(String cluster, String instanceId, String taskId, Resources held) {
    return write("release", () -> {
      var item = table.get(cluster, instanceId).orElse(null);
      if (item == null || !item.instance().reservations().containsKey(taskId)) {
        return false;
      }
      ContainerInstance ci = item.instance();
      Map<String, Reservation> reservations = new HashMap<>(ci.reservations());
      reservations.remove(taskId);
      // as in DynamoDB, what is given back is what the caller says the task held
      store(copy(ci, reservations, ci.remainingCpu() + held.cpu(), ci.remainingMemory() + held.memory(),
          minus(ci.tcpPortsInUse(), held.tcpPorts()), minus(ci.udpPortsInUse(), held.udpPorts()),
          minus(ci.gpusInUse(), held.gpuIds()), ci.attributes(), ci.tags()));
      return true;
    });
  }

  @Override
  public boolean markRunning(String cluster, String instanceId, String taskId) {
    return write("markRunning", () -> {
      var item = table.get(cluster, instanceId).orElse(null);
      Reservation entry = item == null ? null : item.instance().reservations().get(taskId);
      if (entry == null || entry.running()) {
        return false;
      }
      ContainerInstance ci = item.instance();
      Map<String, Reservation> reservations = new HashMap<>(ci.reservations());
      reservations.put(taskId, new Reservation(entry.resources(), entry.reservedAt(), entry.group(), true));
      store(copy(ci, reservations, ci.remainingCpu(), ci.remainingMemory(), ci.tcpPortsInUse(),
          ci.udpPortsInUse(), ci.gpusInUse(), ci.attributes(), ci.tags()));
      return true;
    });
  }

  /** Writes the instance as it is given, with a fresh event mark. */
  private void store(ContainerInstance instance) {
    table.put(instance.cluster(), instance.id(), new Item(Stored.instance(instance), clock.millis()));
  }

  /** The instance with other ledger members, attributes and tags, one version on. */
  private static ContainerInstance copy(ContainerInstance ci, Map<String, Reservation> reservations, int cpu,
      int memory, Set<Integer> tcp, Set<Integer> udp, Set<String> gpus, List<Attribute> attributes, List<Tag> tags) {
    return new ContainerInstance(ci.cluster(), ci.id(), ci.ec2InstanceId(), ci.status(), ci.statusReason(),
        ci.agentConnected(), ci.registeredResources(), cpu, memory, tcp, udp, gpus, reservations, attributes,
        ci.versionInfo(), ci.registeredAt(), ci.version() + 1, tags);
  }

  private static <T extends Comparable<T>> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static <T extends Comparable<T>> Set<T> minus(Set<T> a, Set<T> b) {
    Set<T> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }
}
