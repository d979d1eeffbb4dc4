package dev.berth.scheduler.service;

import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import dev.berth.scheduler.DefaultStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Container instances for the simulation, and the ledger's reserve and release on them. */
final class Ledger {
  /** Every simulated task holds one slot: 256 CPU units and 256 MiB. */
  static final int SLOT = 256;
  static final Resources NEED = new Resources(SLOT, SLOT, Set.of(), Set.of());

  static ContainerInstance instance(String id, String zone, int slots, String status, boolean connected,
      Map<String, String> attributes) {
    List<Attribute> attrs = new ArrayList<>();
    if (zone != null) {
      attrs.add(Attribute.of(DefaultStrategies.ZONE_ATTRIBUTE, zone));
    }
    attributes.forEach((k, v) -> attrs.add(Attribute.of(k, v)));
    List<Resource> registered = List.of(Resource.integer("CPU", slots * SLOT), Resource.integer("MEMORY", slots * SLOT),
        Resource.stringSet("PORTS", List.of()), Resource.stringSet("PORTS_UDP", List.of()));
    return new ContainerInstance("default", id, "i-" + id, status, null, connected, registered, slots * SLOT,
        slots * SLOT, Set.of(), Set.of(), Map.of(), attrs, null, Sim.T0.minus(Duration.ofDays(1)), 1, List.of());
  }

  static ContainerInstance reserve(ContainerInstance ci, String taskId, String group, Instant at) {
    Map<String, ContainerInstance.Reservation> reservations = new HashMap<>(ci.reservations());
    reservations.put(taskId, new ContainerInstance.Reservation(NEED, at, group));
    return with(ci, ci.status(), ci.attributes(), ci.remainingCpu() - SLOT, ci.remainingMemory() - SLOT, reservations);
  }

  static ContainerInstance release(ContainerInstance ci, String taskId) {
    Map<String, ContainerInstance.Reservation> reservations = new HashMap<>(ci.reservations());
    reservations.remove(taskId);
    return with(ci, ci.status(), ci.attributes(), ci.remainingCpu() + SLOT, ci.remainingMemory() + SLOT, reservations);
  }

  static ContainerInstance withStatus(ContainerInstance ci, String status) {
    return with(ci, status, ci.attributes(), ci.remainingCpu(), ci.remainingMemory(), ci.reservations());
  }

  static ContainerInstance withAttribute(ContainerInstance ci, String name, String value) {
    List<Attribute> attrs = new ArrayList<>(ci.attributes().stream().filter(a -> !a.name().equals(name)).toList());
    attrs.add(Attribute.of(name, value));
    return with(ci, ci.status(), attrs, ci.remainingCpu(), ci.remainingMemory(), ci.reservations());
  }

  private static ContainerInstance with(ContainerInstance ci, String status, List<Attribute> attributes, int cpu,
      int memory, Map<String, ContainerInstance.Reservation> reservations) {
    return new ContainerInstance(ci.cluster(), ci.id(), ci.ec2InstanceId(), status, ci.statusReason(),
        ci.agentConnected(), ci.registeredResources(), cpu, memory, ci.tcpPortsInUse(), ci.udpPortsInUse(),
        reservations, attributes, ci.versionInfo(), ci.registeredAt(), ci.version() + 1, ci.tags());
  }

  private Ledger() {}
}
