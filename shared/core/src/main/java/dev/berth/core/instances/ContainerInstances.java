package dev.berth.core.instances;

import dev.berth.core.Retry;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.events.EcsEvents;
import dev.berth.core.services.ServiceTriggers;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.HeartbeatStore;
import dev.berth.model.Arns;
import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.IdSource;
import dev.berth.model.Resource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Container-instance registration, deregistration and draining. */
@Singleton
public final class ContainerInstances {
  private static final int MAX_RESERVED_PORTS = 100;

  private final Clusters clusters;
  private final ContainerInstanceStore store;
  private final HeartbeatStore heartbeats;
  private final ServiceTriggers triggers;
  private final IdSource ids;
  private final Clock clock;

  private final EcsEvents events;

  @Inject
  public ContainerInstances(Clusters clusters, ContainerInstanceStore store, HeartbeatStore heartbeats,
      ServiceTriggers triggers, IdSource ids, Clock clock, EcsEvents events) {
    this.events = events;
    this.clusters = clusters;
    this.triggers = triggers;
    this.heartbeats = heartbeats;
    this.store = store;
    this.ids = ids;
    this.clock = clock;
  }

  public ContainerInstance register(Registration r) {
    clusters.require(r.cluster());
    List<Resource> resources = validResources(r.totalResources());
    InstanceIdentity identity = r.identity();
    List<Attribute> attributes = attributes(identity, r.attributes());
    Optional<ContainerInstance> existing = r.containerInstanceArn() == null ? Optional.empty()
        : store.get(r.cluster(), Arns.resourceId("container-instance", r.containerInstanceArn(), r.cluster()))
            .filter(ci -> !ContainerInstance.INACTIVE.equals(ci.status()));
    if (existing.isPresent()) {
      ContainerInstance again = Retry.onConflict(() -> reregister(r, resources, identity, attributes));
      heartbeats.record(again.cluster(), again.id(), clock.instant());
      triggers.wakeDaemons(r.cluster());
      return again;
    }
    Set<Integer> tcp = ports(resources, "PORTS");
    Set<Integer> udp = ports(resources, "PORTS_UDP");
    ContainerInstance instance = new ContainerInstance(r.cluster(), ids.newId(), identity.instanceId(),
        ContainerInstance.ACTIVE, null, true, resources, amount(resources, "CPU"), amount(resources, "MEMORY"), tcp, udp,
        Set.of(), Map.of(), attributes, r.versionInfo(), clock.instant(), 1, r.tags());
    store.put(instance, 0);
    events.instanceChanged(instance.cluster(), instance.id());
    heartbeats.record(instance.cluster(), instance.id(), clock.instant()); // registering is reporting in
    triggers.wakeDaemons(r.cluster()); // a new instance needs its daemons
    return instance;
  }

  /**
   * Same ARN again: new registered resources; remaining = registered minus live reservations. The
   * GPU ids live tasks hold stay in use.
   */
  private ContainerInstance reregister(Registration r, List<Resource> resources, InstanceIdentity identity,
      List<Attribute> attributes) {
    String id = Arns.resourceId("container-instance", r.containerInstanceArn(), r.cluster());
    ContainerInstance old = store.get(r.cluster(), id).orElseThrow();
    int cpu = amount(resources, "CPU");
    int memory = amount(resources, "MEMORY");
    Set<Integer> tcp = new TreeSet<>(ports(resources, "PORTS"));
    Set<Integer> udp = new TreeSet<>(ports(resources, "PORTS_UDP"));
    Set<String> gpus = new TreeSet<>();
    for (Reservation held : old.reservations().values()) {
      cpu -= held.resources().cpu();
      memory -= held.resources().memory();
      tcp.addAll(held.resources().tcpPorts());
      udp.addAll(held.resources().udpPorts());
      gpus.addAll(held.resources().gpuIds());
    }
    ContainerInstance next = new ContainerInstance(old.cluster(), old.id(),
        identity.instanceId() != null ? identity.instanceId() : old.ec2InstanceId(), old.status(), old.statusReason(),
        true, resources, cpu, memory, tcp, udp, gpus, old.reservations(), merge(old.attributes(), attributes),
        r.versionInfo() != null ? r.versionInfo() : old.versionInfo(), old.registeredAt(), old.version() + 1,
        old.tags());
    store.put(next, old.version());
    events.instanceChanged(next.cluster(), next.id());
    return next;
  }

  /**
   * Deregisters an instance: INACTIVE, so it takes no new placements and its agent's credential
   * dies. With {@code force}, tasks still on it are left as ECS leaves them: orphans, still running
   * on the host as far as anyone knows, not marked STOPPED. Their ledger entries stay on the
   * INACTIVE item (what they hold on the host is still held, and a STOPPED report that does arrive
   * releases it as usual), but nothing counts them any more: the cluster's counts skip INACTIVE
   * instances, and their services forget them and start replacements elsewhere.
   */
  public ContainerInstance deregister(String cluster, String idOrArn, boolean force) {
    clusters.require(cluster);
    String id = Arns.resourceId("container-instance", idOrArn, cluster);
    ContainerInstance inactive = Retry.onConflict(() -> {
      ContainerInstance ci = require(cluster, id);
      if (ContainerInstance.INACTIVE.equals(ci.status())) {
        return ci;
      }
      if (!ci.reservations().isEmpty() && !force) {
        throw EcsException.invalidParameter("Found running tasks on the instance. Use force to deregister it.");
      }
      ContainerInstance next = withStatus(ci, ContainerInstance.INACTIVE, false);
      store.put(next, ci.version());
      events.instanceChanged(next.cluster(), next.id());
      return next;
    });
    // services replace the tasks they lost here
    triggers.wakeGroups(cluster, inactive.taskGroups().toList());
    return inactive;
  }

  /** The outcome of UpdateContainerInstancesState: updated instances and per-instance failures. */
  public record StateUpdate(List<ContainerInstance> updated, List<String[]> failures) {}

  public StateUpdate updateState(String cluster, List<String> idsOrArns, String status) {
    clusters.require(cluster);
    if (!ContainerInstance.ACTIVE.equals(status) && !ContainerInstance.DRAINING.equals(status)) {
      throw EcsException.invalidParameter("Container instance status must be ACTIVE or DRAINING.");
    }
    List<ContainerInstance> updated = new ArrayList<>();
    List<ContainerInstance> changed = new ArrayList<>();
    List<String[]> failures = new ArrayList<>();
    for (String ref : idsOrArns) {
      String id = Arns.resourceId("container-instance", ref, cluster);
      Optional<ContainerInstance> result = Retry.onConflict(() -> {
        Optional<ContainerInstance> found = store.get(cluster, id);
        if (found.isEmpty() || ContainerInstance.INACTIVE.equals(found.get().status())) {
          return Optional.<ContainerInstance>empty();
        }
        ContainerInstance ci = found.get();
        if (ci.status().equals(status)) {
          return found;
        }
        ContainerInstance next = withStatus(ci, status, ci.agentConnected());
        store.put(next, ci.version());
        events.instanceChanged(next.cluster(), next.id());
        changed.add(next);
        return Optional.of(next);
      });
      result.ifPresentOrElse(updated::add, () -> failures.add(new String[] {ref, "MISSING"}));
    }
    // Draining moves service tasks off these instances; reactivating lets daemons back on.
    changed.forEach(ci -> triggers.wakeGroups(cluster, ci.taskGroups().toList()));
    if (!changed.isEmpty()) {
      triggers.wakeDaemons(cluster);
    }
    return new StateUpdate(updated, failures);
  }

  public ContainerInstance require(String cluster, String id) {
    return store.get(cluster, id).orElseThrow(() ->
        EcsException.invalidParameter("The referenced container instance " + id + " was not found."));
  }

  private static ContainerInstance withStatus(ContainerInstance ci, String status, boolean agentConnected) {
    return ci.withHealth(status, ci.statusReason(), agentConnected);
  }

  private static List<Resource> validResources(List<Resource> resources) {
    if (resources == null || resources.isEmpty()) {
      throw EcsException.invalidParameter("totalResources must include CPU and MEMORY.");
    }
    Map<String, Resource> byName = new LinkedHashMap<>();
    for (Resource r : resources) {
      if (r.name() == null || r.name().isBlank()) {
        throw EcsException.invalidParameter("Every resource needs a name.");
      }
      if (byName.put(r.name(), r) != null) {
        throw EcsException.invalidParameter("Resource " + r.name() + " is listed more than once.");
      }
      switch (r.type()) {
        case "INTEGER", "LONG", "DOUBLE" -> {
          if (r.amount() < 0) {
            throw EcsException.invalidParameter("Resource " + r.name() + " cannot be negative.");
          }
        }
        case "STRINGSET" -> { }
        default -> throw EcsException.invalidParameter("Invalid type for resource " + r.name() + ": " + r.type());
      }
    }
    for (String required : List.of("CPU", "MEMORY")) {
      Resource r = byName.get(required);
      if (r == null || !(r.type().equals("INTEGER") || r.type().equals("LONG"))) {
        throw EcsException.invalidParameter("totalResources must include " + required + " as an INTEGER.");
      }
      if (r.amount() > Integer.MAX_VALUE) {
        throw EcsException.invalidParameter("Resource " + required + " is too large.");
      }
    }
    int reserved = 0;
    for (String name : List.of("PORTS", "PORTS_UDP")) {
      Resource r = byName.get(name);
      if (r != null) {
        if (!r.type().equals("STRINGSET")) {
          throw EcsException.invalidParameter("Resource " + name + " must be a STRINGSET.");
        }
        reserved += ports(List.of(r), name).size();
      }
    }
    Resource gpu = byName.get("GPU");
    if (gpu != null) {
      if (!gpu.type().equals("STRINGSET")) {
        throw EcsException.invalidParameter("Resource GPU must be a STRINGSET of GPU ids.");
      }
      Set<String> seen = new java.util.HashSet<>();
      for (String id : gpu.stringSetValue()) {
        // Ids are kept in compact ledger entries, joined by ',' and separated by '|'.
        if (id == null || id.isBlank() || id.contains(",") || id.contains("|") || !seen.add(id)) {
          throw EcsException.invalidParameter("Invalid GPU id: " + id);
        }
      }
    }
    if (reserved > MAX_RESERVED_PORTS) {
      throw EcsException.invalidParameter("At most " + MAX_RESERVED_PORTS + " ports can be reserved per instance.");
    }
    return List.copyOf(byName.values());
  }

  private static int amount(List<Resource> resources, String name) {
    return (int) resources.stream().filter(r -> r.name().equals(name)).mapToLong(Resource::amount).findFirst().orElse(0);
  }

  private static Set<Integer> ports(List<Resource> resources, String name) {
    Set<Integer> ports = new TreeSet<>();
    for (Resource r : resources) {
      if (r.name().equals(name)) {
        for (String p : r.stringSetValue()) {
          try {
            int port = Integer.parseInt(p.trim());
            if (port < 0 || port > 65535) {
              throw new NumberFormatException();
            }
            ports.add(port);
          } catch (NumberFormatException e) {
            throw EcsException.invalidParameter("Invalid port in " + name + ": " + p);
          }
        }
      }
    }
    return ports;
  }

  private static List<Attribute> attributes(InstanceIdentity identity, List<Attribute> requested) {
    List<Attribute> out = new ArrayList<>(identity.attributes());
    int custom = 0;
    for (Attribute a : requested == null ? List.<Attribute>of() : requested) {
      InstanceAttributes.requireValid(a);
      if (!InstanceAttributes.builtIn(a.name())) {
        custom++;
      }
      out.removeIf(existing -> existing.name().equals(a.name()));
      out.add(new Attribute(a.name(), a.value(), null, null));
    }
    if (custom > InstanceAttributes.MAX_CUSTOM) {
      throw EcsException.invalidParameter("An instance can have at most " + InstanceAttributes.MAX_CUSTOM
          + " custom attributes.");
    }
    return out;
  }

  private static List<Attribute> merge(List<Attribute> old, List<Attribute> fresh) {
    List<Attribute> out = new ArrayList<>(old);
    for (Attribute a : fresh) {
      out.removeIf(existing -> existing.name().equals(a.name()));
      out.add(a);
    }
    return out;
  }
}
