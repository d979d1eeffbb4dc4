package dev.berth.store;

import static dev.berth.store.Items.bool;
import static dev.berth.store.Items.list;
import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.ports;
import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;
import static dev.berth.store.Items.time;

import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import dev.berth.model.VersionInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The container-instance item layout, in one place: the instance record to and from its item,
 * and the compact reservation entries the ledger keeps on it.
 */
final class ContainerInstanceItems {
  /**
   * The ids of the live tasks on the instance that have been reported RUNNING: a string set beside
   * the reservation entries (not inside them), so that marking a task running is one ADD that needs
   * no knowledge of its entry, and the release's DELETE removes the mark with the entry.
   */
  static final String RUNNING_TASKS = "runningTasks";

  /** Starts a reservation entry that holds GPUs. */
  private static final String GPU_TAG = "g|";

  /**
   * One reservation entry, compact because the instance item carries one per live task and every
   * write of the item is charged (and, in an emulator, processed) by its size:
   * {@code "cpu|memory|tcp,ports|udp,ports|reservedAtMillis|group"} (the group last: it may hold '|').
   * An entry that holds GPUs starts with a {@code "g|"} tag and carries their ids before the group:
   * {@code "g|cpu|memory|tcp,ports|udp,ports|reservedAtMillis|gpu,ids|group"}. The tag keeps both
   * forms unambiguous (an untagged entry starts with a number), so entries without GPUs, including
   * those written before GPUs were supported, read as before.
   */
  static AttributeValue reservationValue(Reservation r) {
    Resources res = r.resources();
    String group = r.group() == null ? "" : r.group();
    String head = res.cpu() + "|" + res.memory() + "|" + joined(res.tcpPorts()) + "|" + joined(res.udpPorts()) + "|"
        + r.reservedAt().toEpochMilli() + "|";
    if (res.gpuIds().isEmpty()) {
      return s(head + group);
    }
    return s(GPU_TAG + head + String.join(",", new java.util.TreeSet<>(res.gpuIds())) + "|" + group);
  }

  static Reservation reservationFrom(AttributeValue value) {
    String entry = value.s();
    if (entry.startsWith(GPU_TAG)) {
      String[] parts = entry.substring(GPU_TAG.length()).split("\\|", 7);
      java.util.Set<String> gpus = new java.util.TreeSet<>(List.of(parts[5].split(",")));
      return new Reservation(new Resources(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), split(parts[2]),
          split(parts[3]), gpus.size(), gpus), Instant.ofEpochMilli(Long.parseLong(parts[4])), parts[6]);
    }
    String[] parts = entry.split("\\|", 6);
    return new Reservation(new Resources(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), split(parts[2]),
        split(parts[3])), Instant.ofEpochMilli(Long.parseLong(parts[4])), parts[5]);
  }

  private static String joined(java.util.Set<Integer> ports) {
    return String.join(",", new java.util.TreeSet<>(ports).stream().map(String::valueOf).toList());
  }

  private static java.util.Set<Integer> split(String ports) {
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    if (!ports.isEmpty()) {
      for (String p : ports.split(",")) {
        out.add(Integer.valueOf(p));
      }
    }
    return out;
  }

  static Map<String, AttributeValue> toItem(ContainerInstance ci) {
    var item = Items.item();
    item.put("cluster", s(ci.cluster()));
    item.put("id", s(ci.id()));
    Items.put(item, "ec2InstanceId", ci.ec2InstanceId());
    item.put("status", s(ci.status()));
    Items.put(item, "statusReason", ci.statusReason());
    item.put("agentConnected", bool(ci.agentConnected()));
    item.put("registeredResources", list(ci.registeredResources(), ContainerInstanceItems::resourceValue));
    item.put("remainingCpu", n(ci.remainingCpu()));
    item.put("remainingMemory", n(ci.remainingMemory()));
    Items.putPorts(item, "tcpPorts", ci.tcpPortsInUse());
    Items.putPorts(item, "udpPorts", ci.udpPortsInUse());
    if (!ci.gpusInUse().isEmpty()) {
      item.put("gpusInUse", Items.ss(ci.gpusInUse()));
    }
    var reservations = Items.item();
    ci.reservations().forEach((taskId, r) -> reservations.put(taskId, reservationValue(r)));
    item.put("reservations", Items.map(reservations));
    java.util.Set<String> running = new java.util.TreeSet<>();
    ci.reservations().forEach((taskId, r) -> {
      if (r.running()) {
        running.add(taskId);
      }
    });
    if (!running.isEmpty()) {
      item.put(RUNNING_TASKS, Items.ss(running));
    }
    item.put("attributes", attributesValue(ci.attributes()));
    if (ci.versionInfo() != null) {
      var v = Items.item();
      Items.put(v, "agentVersion", ci.versionInfo().agentVersion());
      Items.put(v, "agentHash", ci.versionInfo().agentHash());
      Items.put(v, "dockerVersion", ci.versionInfo().dockerVersion());
      item.put("versionInfo", Items.map(v));
    }
    item.put("registeredAt", time(ci.registeredAt()));
    item.put("version", n(ci.version()));
    item.put("tags", Items.tags(ci.tags()));
    return item;
  }

  static AttributeValue attributesValue(List<Attribute> attributes) {
    return list(attributes, a -> {
      var m = Items.item();
      m.put("name", s(a.name()));
      Items.put(m, "value", a.value());
      Items.put(m, "targetType", a.targetType());
      Items.put(m, "targetId", a.targetId());
      return m;
    });
  }

  private static Map<String, AttributeValue> resourceValue(Resource r) {
    var m = Items.item();
    m.put("name", s(r.name()));
    m.put("type", s(r.type()));
    m.put("doubleValue", AttributeValue.fromN(Double.toString(r.doubleValue())));
    m.put("longValue", n(r.longValue()));
    m.put("integerValue", n(r.integerValue()));
    m.put("stringSetValue", Items.strings(r.stringSetValue()));
    return m;
  }

  static ContainerInstance fromItem(Map<String, AttributeValue> item) {
    Map<String, Reservation> reservations = new HashMap<>();
    var r = Items.sub(item, "reservations");
    java.util.Set<String> running = Items.stringSet(item, RUNNING_TASKS);
    if (r != null) {
      r.forEach((taskId, v) -> {
        Reservation held = reservationFrom(v);
        reservations.put(taskId, running.contains(taskId)
            ? new Reservation(held.resources(), held.reservedAt(), held.group(), true) : held);
      });
    }
    var v = Items.sub(item, "versionInfo");
    return new ContainerInstance(
        str(item, "cluster"),
        str(item, "id"),
        str(item, "ec2InstanceId"),
        str(item, "status"),
        str(item, "statusReason"),
        bool(item, "agentConnected"),
        list(item, "registeredResources", m -> new Resource(str(m, "name"), str(m, "type"),
            Double.parseDouble(m.get("doubleValue").n()), num(m, "longValue"), (int) num(m, "integerValue"),
            Items.strings(m, "stringSetValue"))),
        (int) num(item, "remainingCpu"),
        (int) num(item, "remainingMemory"),
        ports(item, "tcpPorts"),
        ports(item, "udpPorts"),
        Items.stringSet(item, "gpusInUse"),
        reservations,
        list(item, "attributes", m -> new Attribute(str(m, "name"), str(m, "value"), str(m, "targetType"),
            str(m, "targetId"))),
        v == null ? null : new VersionInfo(str(v, "agentVersion"), str(v, "agentHash"), str(v, "dockerVersion")),
        time(item, "registeredAt"),
        num(item, "version"),
        Items.tags(item));
  }

  private ContainerInstanceItems() {}
}
