package dev.berth.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A container instance and its ledger: registered resources, what remains of CPU and memory, the
 * TCP/UDP host ports in use (the agent's reserved ones plus live tasks' static ports), the GPU ids
 * in use (held by live tasks; the registered GPU STRINGSET names them all), and one reservation per
 * live task placed on it. Invariant: registered = remaining + sum(reservations).
 */
public record ContainerInstance(
    String cluster,
    String id,
    String ec2InstanceId,
    String status,
    String statusReason,
    boolean agentConnected,
    List<Resource> registeredResources,
    int remainingCpu,
    int remainingMemory,
    Set<Integer> tcpPortsInUse,
    Set<Integer> udpPortsInUse,
    Set<String> gpusInUse,
    Map<String, Reservation> reservations,
    List<Attribute> attributes,
    VersionInfo versionInfo,
    Instant registeredAt,
    long version,
    List<Tag> tags) {

  public static final String ACTIVE = "ACTIVE";
  public static final String DRAINING = "DRAINING";
  public static final String INACTIVE = "INACTIVE";

  /**
   * A live task's hold on this instance: what it holds, when it was taken (for orphan repair), the
   * task's group (placement constraints and spread look at the groups on an instance), and whether
   * the task has been reported RUNNING. The last is what lets DescribeClusters count running and
   * pending tasks from the few instance items of a cluster instead of reading every task item: the
   * task-state function marks it once (idempotently) when it applies the RUNNING report.
   */
  public record Reservation(Resources resources, Instant reservedAt, String group, boolean running) {
    /** A reservation whose task has not been reported RUNNING yet (how every placement starts). */
    public Reservation(Resources resources, Instant reservedAt, String group) {
      this(resources, reservedAt, group, false);
    }
  }

  /**
   * ECS's cluster runningTasksCount contribution of this instance: its live tasks reported RUNNING.
   * Counted from the ledger, which holds one entry per live task, so no task item is read.
   */
  public int runningTaskCount() {
    return (int) reservations.values().stream().filter(Reservation::running).count();
  }

  /**
   * ECS's cluster pendingTasksCount contribution: live tasks not yet reported RUNNING. (A placement
   * whose task item was never written also counts here until the ledger repair releases it.)
   */
  public int pendingTaskCount() {
    return reservations.size() - runningTaskCount();
  }

  /** The task groups of the live tasks on this instance, one entry per task. */
  public java.util.stream.Stream<String> taskGroups() {
    return reservations.values().stream().map(Reservation::group);
  }

  public ContainerInstance {
    tcpPortsInUse = Set.copyOf(tcpPortsInUse);
    udpPortsInUse = Set.copyOf(udpPortsInUse);
    gpusInUse = gpusInUse == null ? Set.of() : Set.copyOf(gpusInUse);
    reservations = Map.copyOf(reservations);
    attributes = List.copyOf(attributes);
    registeredResources = List.copyOf(registeredResources);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** An instance with no GPU in use. */
  public ContainerInstance(String cluster, String id, String ec2InstanceId, String status, String statusReason,
      boolean agentConnected, List<Resource> registeredResources, int remainingCpu, int remainingMemory,
      Set<Integer> tcpPortsInUse, Set<Integer> udpPortsInUse, Map<String, Reservation> reservations,
      List<Attribute> attributes, VersionInfo versionInfo, Instant registeredAt, long version, List<Tag> tags) {
    this(cluster, id, ec2InstanceId, status, statusReason, agentConnected, registeredResources, remainingCpu,
        remainingMemory, tcpPortsInUse, udpPortsInUse, Set.of(), reservations, attributes, versionInfo, registeredAt,
        version, tags);
  }

  /** The GPU ids the instance registered (its GPU STRINGSET resource), in order. */
  public Set<String> registeredGpus() {
    Set<String> ids = new TreeSet<>();
    registeredResources.stream().filter(r -> r.name().equals("GPU")).forEach(r -> ids.addAll(r.stringSetValue()));
    return ids;
  }

  /** The registered GPU ids no live task holds, lowest first. */
  public java.util.SortedSet<String> freeGpus() {
    TreeSet<String> free = new TreeSet<>(registeredGpus());
    free.removeAll(gpusInUse);
    return free;
  }

  public int registeredCpu() {
    return (int) registered("CPU");
  }

  public int registeredMemory() {
    return (int) registered("MEMORY");
  }

  public long registered(String name) {
    return registeredResources.stream().filter(r -> r.name().equals(name)).mapToLong(Resource::amount).findFirst().orElse(0);
  }

  public Set<Integer> registeredPorts(String name) {
    Set<Integer> ports = new TreeSet<>();
    registeredResources.stream().filter(r -> r.name().equals(name))
        .forEach(r -> r.stringSetValue().forEach(p -> ports.add(Integer.parseInt(p))));
    return ports;
  }

  /**
   * ECS's remainingResources: CPU and MEMORY left, ports in use, the GPU ids not in use, other
   * resources as registered.
   */
  public List<Resource> remainingResources() {
    List<Resource> out = new ArrayList<>();
    for (Resource r : registeredResources) {
      switch (r.name()) {
        case "CPU" -> out.add(Resource.integer("CPU", remainingCpu));
        case "MEMORY" -> out.add(Resource.integer("MEMORY", remainingMemory));
        case "PORTS" -> out.add(Resource.stringSet("PORTS", portStrings(tcpPortsInUse)));
        case "PORTS_UDP" -> out.add(Resource.stringSet("PORTS_UDP", portStrings(udpPortsInUse)));
        case "GPU" -> out.add(Resource.stringSet("GPU", List.copyOf(freeGpus())));
        default -> out.add(r);
      }
    }
    return out;
  }

  /** The instance with another status, reason and agent connection, as a new version. */
  public ContainerInstance withHealth(String newStatus, String newStatusReason, boolean connected) {
    return new ContainerInstance(cluster, id, ec2InstanceId, newStatus, newStatusReason, connected,
        registeredResources, remainingCpu, remainingMemory, tcpPortsInUse, udpPortsInUse, gpusInUse, reservations,
        attributes, versionInfo, registeredAt, version + 1, tags);
  }

  public boolean acceptsPlacements() {
    return ACTIVE.equals(status) && agentConnected;
  }

  public String attribute(String name) {
    return attributes.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst().orElse(null);
  }

  private static List<String> portStrings(Set<Integer> ports) {
    return new TreeSet<>(ports).stream().map(String::valueOf).toList();
  }
}
