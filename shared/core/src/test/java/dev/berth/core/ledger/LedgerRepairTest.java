package dev.berth.core.ledger;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.core.tasks.LaunchRequest;
import dev.berth.core.tasks.TaskLauncher;
import dev.berth.core.testing.InMemoryCore;
import dev.berth.core.testing.Interleave;
import dev.berth.model.Cluster;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskOverride;
import dev.berth.model.service.TaskTagging;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a crash between two writes leaves in the ledger, and its repair, on in-memory stores. */
class LedgerRepairTest {
  private static final String CLUSTER = "c";
  private static final Resources NEED = new Resources(128, 256, Set.of(), Set.of());

  private final ManualClock clock = new ManualClock(T0);
  private final Interleave interleave = new Interleave();
  private final InMemoryStores stores = new InMemoryStores(clock, interleave);
  private LedgerRepair repair;

  @BeforeEach
  void setUp() {
    stores.containerInstances.put(Fixtures.instance(CLUSTER, "a", 1024, 1024, Set.of(), List.of()), 0);
    repair = InMemoryCore.over(stores, clock).repair();
  }

  private ContainerInstance a() {
    return stores.containerInstances.get(CLUSTER, "a").orElseThrow();
  }

  private void reserve(String taskId) {
    assertTrue(stores.containerInstances.reserve(a(), taskId, NEED, "family:web", clock.instant()).reserved());
  }

  @Test
  void anOrphanedReservationIsReleasedAfterTheGraceAndItsIdClaimed() {
    reserve("orphan"); // the placement died before writing its task
    clock.advance(LedgerAudit.GRACE.minusMillis(1));
    assertEquals(List.of(), repair.repair(CLUSTER), "a placement may still be writing its task");

    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of("a: released orphaned reservation orphan"), repair.repair(CLUSTER));
    assertTrue(a().reservations().isEmpty());
    assertEquals(1024, a().remainingCpu());
    assertFalse(stores.tasks.create(Fixtures.task(CLUSTER, "orphan", "a", 1)), "a slow placement cannot write it now");
    assertEquals(List.of(), repair.repair(CLUSTER), "repairing twice changes nothing");
  }

  @Test
  void aTaskWrittenWhileTheRepairRunsKeepsItsReservation() {
    reserve("slow");
    clock.advance(LedgerAudit.GRACE.plusSeconds(1));
    // the slow placement writes its task after the repair read the tasks, before its tombstone
    interleave.beforeNextWrite("TaskStore", "createTombstone",
        () -> assertTrue(stores.tasks.create(Fixtures.task(CLUSTER, "slow", "a", 1))));
    assertEquals(List.of(), repair.repair(CLUSTER));
    assertEquals(Set.of("slow"), a().reservations().keySet());
  }

  /** A cluster with a task definition RunTask can place on "a". */
  private TaskLauncher launcher() {
    stores.clusters.put(new Cluster(CLUSTER, Cluster.ACTIVE, T0, 1, List.of(), List.of()), 0);
    stores.taskDefinitions.create(Fixtures.definition("web", 1));
    return InMemoryCore.over(stores, clock).launcher();
  }

  private static LaunchRequest runOne() {
    return new LaunchRequest(CLUSTER, "web", 1, null, null, TaskOverride.NONE, null, List.of(), null, null, null,
        "{}", TaskTagging.DEFAULT);
  }

  @Test
  void aPlacementThatCrashedBetweenItsWritesLeavesAReservationTheRepairReleases() {
    var launcher = launcher();
    interleave.beforeNextWrite("TaskStore", "create", () -> {
      throw new IllegalStateException("the function died");
    });
    assertThrows(IllegalStateException.class, () -> launcher.runTask(runOne()));
    String orphan = a().reservations().keySet().iterator().next();
    assertTrue(stores.tasks.get(CLUSTER, orphan).isEmpty(), "reserved, never written");

    clock.advance(LedgerAudit.GRACE.plusSeconds(1));
    assertEquals(List.of("a: released orphaned reservation " + orphan), repair.repair(CLUSTER));
    assertTrue(a().reservations().isEmpty());
    assertEquals(List.of(), new LedgerAudit(stores.containerInstances, stores.tasks, clock).check(CLUSTER));
  }

  @Test
  void aPlacementOnlySlowerThanTheGraceLearnsItsReservationWasReclaimed() {
    var launcher = launcher();
    // the repair runs after the reservation, before the task write, once the grace has passed
    interleave.beforeNextWrite("TaskStore", "create", () -> {
      clock.advance(LedgerAudit.GRACE.plusSeconds(1));
      assertEquals(1, repair.repair(CLUSTER).size());
    });
    var result = launcher.runTask(runOne());
    assertEquals(List.of(), result.tasks());
    assertEquals("PLACEMENT_RECLAIMED", result.failures().get(0).reason());
    assertTrue(a().reservations().isEmpty());
    assertTrue(stores.tasks.inCluster(CLUSTER).isEmpty(), "the tombstone kept the task from being written");
  }

  @Test
  void aStoppedTasksReservationIsReleasedAndARunningOneMarked() {
    reserve("stopped");
    reserve("running");
    Task stopped = Fixtures.task(CLUSTER, "stopped", "a", 1);
    stores.tasks.create(stopped);
    stores.tasks.replace(Fixtures.stopped(stopped, T0), 1);
    Task running = Fixtures.task(CLUSTER, "running", "a", 1);
    stores.tasks.create(running);
    stores.tasks.replace(running.withState("RUNNING", running.containers(), T0, null, null, null, null, null, null,
        null, "RUNNING"), 1);

    var changes = repair.repair(CLUSTER);
    assertEquals(Set.of("a: released the reservation of STOPPED task stopped", "a: marked RUNNING task running running"),
        Set.copyOf(changes));
    assertEquals(Set.of("running"), a().reservations().keySet());
    assertTrue(a().reservations().get("running").running());
    assertEquals(List.of(), repair.repair(CLUSTER));
  }
}
