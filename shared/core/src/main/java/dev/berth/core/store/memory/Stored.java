package dev.berth.core.store.memory;

import dev.berth.model.ContainerInstance;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.Tag;
import dev.berth.model.Task;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records as a DynamoDB item gives them back: times to the millisecond, a tag without a value with
 * an empty one, a reservation without a group with an empty one. The stores keep what they are
 * given in this form, so a read here answers what a read of the table would.
 */
final class Stored {
  static Instant millis(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
  }

  static List<Tag> tags(List<Tag> tags) {
    return tags.stream().map(t -> t.value() == null ? new Tag(t.key(), "") : t).toList();
  }

  static Reservation reservation(Reservation r) {
    return new Reservation(r.resources(), millis(r.reservedAt()), r.group() == null ? "" : r.group(), r.running());
  }

  static ContainerInstance instance(ContainerInstance ci) {
    Map<String, Reservation> reservations = new HashMap<>();
    ci.reservations().forEach((id, r) -> reservations.put(id, reservation(r)));
    return new ContainerInstance(ci.cluster(), ci.id(), ci.ec2InstanceId(), ci.status(), ci.statusReason(),
        ci.agentConnected(), ci.registeredResources(), ci.remainingCpu(), ci.remainingMemory(), ci.tcpPortsInUse(),
        ci.udpPortsInUse(), ci.gpusInUse(), reservations, ci.attributes(), ci.versionInfo(), millis(ci.registeredAt()),
        ci.version(), tags(ci.tags()));
  }

  static Task task(Task t) {
    return new Task(t.cluster(), t.id(), t.taskDefinitionFamily(), t.taskDefinitionRevision(),
        t.containerInstanceId(), t.availabilityZone(), t.lastStatus(), t.desiredStatus(), t.reservation(),
        t.containers(), t.overrides(), t.startedBy(), t.group(), millis(t.createdAt()), millis(t.startedAt()),
        millis(t.stoppingAt()), millis(t.stoppedAt()), millis(t.pullStartedAt()), millis(t.pullStoppedAt()),
        millis(t.executionStoppedAt()), t.stopCode(), t.stoppedReason(), t.version(), tags(t.tags()),
        t.healthStatus(), millis(t.protectedUntil()));
  }

  private Stored() {}
}
