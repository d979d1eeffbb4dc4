package dev.berth.core.instances;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.Config;
import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.core.testing.InMemoryCore;
import dev.berth.core.testing.Interleave;
import dev.berth.model.Cluster;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The missing-instance sweep's thresholds on in-memory stores (the defaults: a heartbeat every 30 s,
 * disconnected after 3 missed, lost after 10 minutes), and its care for a heartbeat that arrives
 * while it runs, and the message of its own that each lost instance gets against a check that dies.
 */
class LostInstanceTest {
  private static final String CLUSTER = "c";
  private static final String A = "a".repeat(32);
  private static final String B = "b".repeat(32);
  private static final Duration DISCONNECTED_AFTER = Config.Health.DEFAULT.disconnectedAfter();
  private static final Duration LOST_AFTER = Config.Health.DEFAULT.lostAfter();

  private final ManualClock clock = new ManualClock(T0);
  private final Interleave interleave = new Interleave();
  private final InMemoryStores stores = new InMemoryStores(clock, interleave);
  private InstanceHealth health;

  @BeforeEach
  void setUp() {
    stores.clusters.put(new Cluster(CLUSTER, Cluster.ACTIVE, T0, 1, List.of(), List.of()), 0);
    for (String id : List.of(A, B)) {
      stores.containerInstances.put(Fixtures.instance(CLUSTER, id, 1024, 1024, Set.of(), List.of()), 0);
      stores.heartbeats.record(CLUSTER, id, T0);
    }
    var a = stores.containerInstances.get(CLUSTER, A).orElseThrow();
    Task t = Fixtures.task(CLUSTER, "t1", A, 1);
    assertTrue(stores.containerInstances.reserve(a, "t1", t.reservation(), t.group(), T0).reserved());
    assertTrue(stores.tasks.create(t));
    health = InMemoryCore.over(stores, clock).health();
  }

  private ContainerInstance instance(String id) {
    return stores.containerInstances.get(CLUSTER, id).orElseThrow();
  }

  /** Moves the clock to {@code T0 + at}, B reporting in all along. */
  private void at(Duration at) {
    clock.advance(Duration.between(clock.instant(), T0.plus(at)));
    stores.heartbeats.record(CLUSTER, B, clock.instant());
  }

  @Test
  void anInstanceSilentPastTheThresholdsIsFirstDisconnectedThenLost() {
    at(DISCONNECTED_AFTER);
    assertEquals(List.of(), health.detectMissing(CLUSTER), "exactly at the threshold is not past it");
    assertTrue(instance(A).agentConnected());

    at(DISCONNECTED_AFTER.plusMillis(1));
    var changes = health.detectMissing(CLUSTER);
    assertEquals(1, changes.size());
    assertTrue(changes.get(0).startsWith(A + ": agent disconnected"));
    assertFalse(instance(A).agentConnected());
    assertEquals(ContainerInstance.ACTIVE, instance(A).status(), "still registered, taking no placements");
    assertTrue(instance(B).agentConnected());
    assertEquals(List.of(), health.detectMissing(CLUSTER), "nothing more to do until it is lost");

    at(LOST_AFTER);
    assertEquals(List.of(), health.detectMissing(CLUSTER));
    at(LOST_AFTER.plusMillis(1));
    changes = health.detectMissing(CLUSTER);
    assertEquals(List.of(A + ": task t1 stopped"), changes.subList(1, changes.size()));
    var lost = instance(A);
    assertEquals(ContainerInstance.INACTIVE, lost.status());
    assertTrue(lost.reservations().isEmpty(), "its task's resources were given back");
    assertEquals(1024, lost.remainingCpu());
    Task t1 = stores.tasks.get(CLUSTER, "t1").orElseThrow();
    assertTrue(t1.stopped());
    assertEquals(InstanceHealth.TASK_STOP_CODE, t1.stopCode());
    assertEquals(ContainerInstance.ACTIVE, instance(B).status());
    assertEquals(List.of(), health.detectMissing(CLUSTER), "a second check finds nothing");
  }

  @Test
  void aHeartbeatArrivingWhileTheSweepRunsKeepsTheInstance() {
    at(LOST_AFTER.plusSeconds(1));
    // A reports in just after the sweep read the heartbeats
    interleave.afterNextRead("HeartbeatStore", "inCluster",
        () -> stores.heartbeats.record(CLUSTER, A, clock.instant()));
    assertEquals(List.of(), health.detectMissing(CLUSTER));
    assertEquals(ContainerInstance.ACTIVE, instance(A).status());
    assertTrue(instance(A).agentConnected());
    assertEquals(1, instance(A).reservations().size());
  }

  @Test
  void aHeartbeatReconnectsADisconnectedInstance() {
    at(DISCONNECTED_AFTER.plusSeconds(1));
    health.detectMissing(CLUSTER);
    assertFalse(instance(A).agentConnected());
    assertTrue(health.heartbeat(CLUSTER, A).agentConnected());
    assertTrue(instance(A).agentConnected());
    assertEquals(clock.instant(), stores.heartbeats.last(CLUSTER, A).orElseThrow());
  }

  @Test
  void aCheckThatDiedAfterDeclaringAnInstanceLostIsFinishedByTheNext() {
    at(LOST_AFTER.plusSeconds(1));
    // what a check that crashed just after its INACTIVE write leaves: the instance lost, its task not stopped
    var a = instance(A);
    stores.containerInstances.put(a.withHealth(ContainerInstance.INACTIVE,
        "Container instance " + A + " lost: no heartbeat since " + T0, false), a.version());

    var changes = health.detectMissing(CLUSTER);
    assertEquals(List.of(A + ": task t1 stopped"), changes);
    assertTrue(instance(A).reservations().isEmpty());
    assertTrue(stores.tasks.get(CLUSTER, "t1").orElseThrow().stopped());
    assertEquals(List.of(), health.detectMissing(CLUSTER), "then there is nothing left to do");
  }

  @Test
  void anInstanceItsUserDeregisteredKeepsItsTasks() {
    var a = instance(A);
    stores.containerInstances.put(a.withHealth(ContainerInstance.INACTIVE, null, false), a.version());
    at(LOST_AFTER.plusSeconds(1));
    assertEquals(List.of(), health.detectMissing(CLUSTER));
    assertEquals(1, instance(A).reservations().size(), "its host may still run the task; its report releases it");
    assertFalse(stores.tasks.get(CLUSTER, "t1").orElseThrow().stopped());
  }

  @Test
  void aCheckThatDiesAtItsFirstStopLeavesEachLostInstanceAMessageThatFinishesIt() {
    at(LOST_AFTER.plusSeconds(1));
    interleave.beforeNextWrite("TaskStore", "replace", () -> {
      throw new IllegalStateException("the check's invocation dies here");
    });
    try {
      health.detectMissing(CLUSTER);
    } catch (IllegalStateException expected) {
      // as the reconciler function's timeout or a failed write would end it
    }
    assertEquals(ContainerInstance.INACTIVE, instance(A).status(), "declared lost before it died");
    assertFalse(stores.tasks.get(CLUSTER, "t1").orElseThrow().stopped(), "but its task was not stopped");

    var sent = stores.reconcileQueue.queue().receive(10, Duration.ofMinutes(1));
    assertEquals(List.of(), sent, "the instance's own message waits for the check to finish first");
    clock.advance(InstanceHealth.LOST_BACKUP_DELAY);
    sent = stores.reconcileQueue.queue().receive(10, Duration.ofMinutes(1));
    assertEquals(1, sent.size());
    var target = dev.berth.core.services.ReconcileTarget.fromJson(sent.get(0).body());
    assertEquals(dev.berth.core.services.ReconcileTarget.lostInstance(CLUSTER, A), target);

    assertEquals(List.of(A + ": task t1 stopped"), health.settleLost(CLUSTER, A));
    assertTrue(stores.tasks.get(CLUSTER, "t1").orElseThrow().stopped());
    assertTrue(instance(A).reservations().isEmpty());
    assertEquals(List.of(), health.settleLost(CLUSTER, A), "a second delivery finds nothing left to do");
  }

  @Test
  void anInstancesOwnMessageLeavesItAloneOnceItsAgentReportedIn() {
    at(LOST_AFTER.plusSeconds(1));
    stores.heartbeats.record(CLUSTER, A, clock.instant());
    assertEquals(List.of(), health.settleLost(CLUSTER, A));
    assertEquals(ContainerInstance.ACTIVE, instance(A).status());
    assertEquals(1, instance(A).reservations().size());
  }

  @Test
  void anInstancesOwnMessageDeclaresItLostWhenTheCheckNeverGotThatFar() {
    at(LOST_AFTER.plusSeconds(1));
    assertEquals(2, health.settleLost(CLUSTER, A).size(), "declared lost, and its task stopped");
    assertEquals(ContainerInstance.INACTIVE, instance(A).status());
    assertTrue(stores.tasks.get(CLUSTER, "t1").orElseThrow().stopped());
    assertEquals(List.of(), health.settleLost(CLUSTER, B), "B kept reporting in");
    assertEquals(List.of(), health.settleLost(CLUSTER, "c".repeat(32)), "an unknown instance is no work");
  }
}
