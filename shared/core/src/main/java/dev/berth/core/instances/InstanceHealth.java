package dev.berth.core.instances;

import dev.berth.core.Config;
import dev.berth.core.Retry;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.events.EcsEvents;
import dev.berth.core.services.ReconcileTarget;
import dev.berth.core.services.ServiceTriggers;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.HeartbeatStore;
import dev.berth.core.store.ReconcileQueue;
import dev.berth.core.tasks.TaskFinisher;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Agent heartbeats and missing-instance detection. An agent reports in every heartbeat interval
 * (a cheap write of its own item). Missing-instance detection ({@link #detectMissing}, run by the
 * reconciler each minute per cluster) marks an instance whose agent missed several intervals
 * {@code agentConnected=false}, so it takes no placements (RunTask reports AGENT), and declares an
 * instance silent for longer than the lost-after period lost: INACTIVE, its tasks STOPPED with a
 * host-lost reason and their resources released. A lost instance's agent is told to register again.
 *
 * <p>The minute's check does that work itself, one instance after another, but before its first
 * write it sends each instance it is about to declare lost (or finish) a message of its own on the
 * reconcile queue, delivered {@link #LOST_BACKUP_DELAY} later ({@link #settleLost}). Had the check
 * died on the way, they finish its work within seconds rather than at the next minute's check, where
 * a check that keeps dying at the same place would never reach the instances after it; a lost
 * availability zone's thousands of tasks, more than one invocation stops before its timeout, are
 * stopped by many invocations at once. A message that finds the work done costs a read.
 */
@Singleton
public final class InstanceHealth {
  public static final String INACTIVE_INSTANCE = "InactiveInstanceException";
  public static final String TASK_STOP_CODE = "TerminationNotice";
  /** What the status reason of an instance this check declared lost says, after its id. */
  private static final String LOST = " lost: no heartbeat since ";
  /** How long after the minute's check its lost instances' own messages arrive: time for it to finish them. */
  public static final Duration LOST_BACKUP_DELAY = Duration.ofSeconds(15);

  private final Clusters clusters;
  private final ContainerInstanceStore instances;
  private final HeartbeatStore heartbeats;
  private final TaskFinisher finisher;
  private final ServiceTriggers triggers;
  private final ReconcileQueue queue;
  private final Config.Health health;
  private final Clock clock;

  private final EcsEvents events;

  @Inject
  public InstanceHealth(Clusters clusters, ContainerInstanceStore instances, HeartbeatStore heartbeats,
      TaskFinisher finisher, ServiceTriggers triggers, ReconcileQueue queue, Config config, Clock clock,
      EcsEvents events) {
    this.events = events;
    this.triggers = triggers;
    this.queue = queue;
    this.clusters = clusters;
    this.instances = instances;
    this.heartbeats = heartbeats;
    this.finisher = finisher;
    this.health = config.health();
    this.clock = clock;
  }

  public Duration heartbeatInterval() {
    return health.heartbeatInterval();
  }

  /** Records that the instance's agent is alive, reconnecting it if it had been marked disconnected. */
  public ContainerInstance heartbeat(String cluster, String instanceRef) {
    clusters.require(cluster);
    String id = Arns.resourceId("container-instance", instanceRef, cluster);
    ContainerInstance instance = instances.get(cluster, id).orElseThrow(() ->
        EcsException.invalidParameter("The referenced container instance " + id + " was not found."));
    if (ContainerInstance.INACTIVE.equals(instance.status())) {
      throw new EcsException(INACTIVE_INSTANCE, "The container instance " + id
          + " is INACTIVE" + (instance.statusReason() == null ? "" : " (" + instance.statusReason() + ")")
          + "; register it again to rejoin the cluster.", 400, List.of());
    }
    heartbeats.record(cluster, id, clock.instant());
    if (instance.agentConnected()) {
      return instance;
    }
    return Retry.onConflict(() -> {
      ContainerInstance current = instances.get(cluster, id).orElseThrow();
      if (current.agentConnected() || ContainerInstance.INACTIVE.equals(current.status())) {
        return current;
      }
      ContainerInstance next = current.withHealth(current.status(), null, true);
      instances.put(next, current.version());
      events.instanceChanged(next.cluster(), next.id());
      return next;
    });
  }

  /** Checks every instance of a cluster for a silent agent; returns a line per change made. */
  public List<String> detectMissing(String cluster) {
    return detectMissing(cluster, instances.inCluster(cluster));
  }

  /**
   * The same from the cluster's instances as read just before (the minute reads them once for all
   * its checks); an instance is read again before it is changed.
   */
  public List<String> detectMissing(String cluster, List<ContainerInstance> snapshot) {
    Instant now = clock.instant();
    Map<String, Instant> lastSeen = heartbeats.inCluster(cluster);
    List<ContainerInstance> losing = new ArrayList<>();
    List<ContainerInstance> disconnecting = new ArrayList<>();
    for (ContainerInstance instance : snapshot) {
      if (ContainerInstance.INACTIVE.equals(instance.status())) {
        if (wasLost(instance) && !instance.reservations().isEmpty()) {
          losing.add(instance); // declared lost by a check that died before it stopped every task
        }
        continue;
      }
      Duration silent = Duration.between(seenAt(lastSeen, instance), now);
      if (silent.compareTo(health.lostAfter()) > 0) {
        losing.add(instance);
      } else if (silent.compareTo(health.disconnectedAfter()) > 0 && instance.agentConnected()) {
        disconnecting.add(instance);
      }
    }
    for (ContainerInstance instance : losing) {
      queue.send(ReconcileTarget.lostInstance(cluster, instance.id()).toJson(), LOST_BACKUP_DELAY);
    }
    List<String> changes = new ArrayList<>();
    for (ContainerInstance instance : losing) {
      changes.addAll(settle(instance, seenAt(lastSeen, instance)));
    }
    for (ContainerInstance instance : disconnecting) {
      disconnect(instance).ifPresent(ci -> changes.add(ci.id() + ": agent disconnected (last heartbeat "
          + seenAt(lastSeen, instance) + ")"));
    }
    return changes;
  }

  /** The instance's last heartbeat as read, or its registration if it has sent none. */
  private static Instant seenAt(Map<String, Instant> lastSeen, ContainerInstance instance) {
    return lastSeen.getOrDefault(instance.id(), instance.registeredAt());
  }

  /**
   * One instance's loss, for its own message: declared lost if its agent is still silent past the
   * lost-after period, and every task it holds stopped if it was declared lost. Safe to repeat, and
   * to run beside the minute's check doing the same.
   */
  public List<String> settleLost(String cluster, String instanceId) {
    Optional<ContainerInstance> instance = instances.get(cluster, instanceId);
    if (instance.isEmpty()) {
      return List.of();
    }
    Instant seen = heartbeats.last(cluster, instanceId).orElse(instance.get().registeredAt());
    if (!ContainerInstance.INACTIVE.equals(instance.get().status())
        && Duration.between(seen, clock.instant()).compareTo(health.lostAfter()) <= 0) {
      return List.of(); // its agent reported in since the check
    }
    return settle(instance.get(), seen);
  }

  /** Declares an ACTIVE instance lost, or finishes stopping the tasks of one that was. */
  private List<String> settle(ContainerInstance instance, Instant lastHeartbeat) {
    if (ContainerInstance.INACTIVE.equals(instance.status())) {
      return wasLost(instance) && !instance.reservations().isEmpty()
          ? stopTasks(instance, instance.statusReason()) : List.of();
    }
    return lose(instance, lastHeartbeat);
  }

  private Optional<ContainerInstance> disconnect(ContainerInstance seen) {
    return Retry.onConflict(() -> {
      ContainerInstance current = instances.get(seen.cluster(), seen.id()).orElseThrow();
      if (!current.agentConnected() || ContainerInstance.INACTIVE.equals(current.status())
          || heartbeatSince(current, seen)) {
        return Optional.<ContainerInstance>empty();
      }
      ContainerInstance next = current.withHealth(current.status(), current.statusReason(), false);
      instances.put(next, current.version());
      events.instanceChanged(next.cluster(), next.id());
      return Optional.of(next);
    });
  }

  /** INACTIVE first (no new placements), then every task on it stopped and its resources released. */
  private List<String> lose(ContainerInstance seen, Instant lastHeartbeat) {
    String reason = "Container instance " + seen.id() + LOST + lastHeartbeat;
    Optional<ContainerInstance> lost = Retry.onConflict(() -> {
      ContainerInstance current = instances.get(seen.cluster(), seen.id()).orElseThrow();
      if (ContainerInstance.INACTIVE.equals(current.status()) || heartbeatSince(current, seen)) {
        return Optional.<ContainerInstance>empty();
      }
      ContainerInstance next = current.withHealth(ContainerInstance.INACTIVE, reason, false);
      instances.put(next, current.version());
      events.instanceChanged(next.cluster(), next.id());
      return Optional.of(next);
    });
    List<String> changes = new ArrayList<>();
    lost.ifPresent(instance -> {
      changes.add(instance.id() + ": " + reason);
      changes.addAll(stopTasks(instance, reason));
    });
    return changes;
  }

  /**
   * Wakes the services that lose tasks with the lost instance, then stops every task it still holds
   * and releases its resources. The wake comes first, and is still after the change that matters:
   * the instance is INACTIVE, and a pass replaces the tasks of a deregistered instance without
   * waiting for their stop. Woken last, a check that died after the last release would leave the
   * services never woken, as a repeat finds nothing left to stop. Safe to repeat: a task already
   * stopped only has its reservation released, and a released one is gone from the instance.
   */
  private List<String> stopTasks(ContainerInstance instance, String reason) {
    triggers.wakeGroups(instance.cluster(), instance.taskGroups().toList());
    List<String> changes = new ArrayList<>();
    instance.reservations().forEach((taskId, held) -> {
      if (finisher.forceStopped(instance.cluster(), taskId, TASK_STOP_CODE, reason).isEmpty()) {
        instances.release(instance.cluster(), instance.id(), taskId, held.resources());
        events.instanceChanged(instance.cluster(), instance.id());
      }
      changes.add(instance.id() + ": task " + taskId + " stopped");
    });
    return changes;
  }

  /** Whether an INACTIVE instance was declared lost by this check (not deregistered by its user). */
  private static boolean wasLost(ContainerInstance instance) {
    String reason = instance.statusReason();
    return reason != null && reason.startsWith("Container instance " + instance.id() + LOST);
  }

  /** The agent reported in after the check read the heartbeats: leave the instance alone. */
  private boolean heartbeatSince(ContainerInstance current, ContainerInstance seen) {
    Instant seenAt = heartbeats.last(seen.cluster(), seen.id()).orElse(current.registeredAt());
    return Duration.between(seenAt, clock.instant()).compareTo(health.disconnectedAfter()) <= 0;
  }
}
