package dev.berth.core.services;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.core.testing.InMemoryCore;
import dev.berth.core.testing.Interleave;
import dev.berth.model.Cluster;
import dev.berth.model.service.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's lease loop on in-memory stores: a trigger during a pass makes the holder pass
 * again before it lets go, a pass that outlived its lease saves nothing, and a held service is left
 * to its holder.
 */
class ReconcileLeaseTest {
  private static final String CLUSTER = "c";

  private final ManualClock clock = new ManualClock(T0);
  private final Interleave interleave = new Interleave();
  private final InMemoryStores stores = new InMemoryStores(clock, interleave);
  private ServiceReconciler reconciler;

  @BeforeEach
  void setUp() {
    stores.clusters.put(new Cluster(CLUSTER, Cluster.ACTIVE, T0, 1, List.of(), List.of()), 0);
    stores.taskDefinitions.create(Fixtures.definition("web", 1));
    stores.containerInstances.put(Fixtures.instance(CLUSTER, "a", 4096, 4096, Set.of(), List.of()), 0);
    stores.heartbeats.record(CLUSTER, "a", T0);
    reconciler = InMemoryCore.over(stores, clock).services();
  }

  private void service(int desired) {
    ServiceState s = Fixtures.service(CLUSTER, "web", 1);
    stores.services.create(Fixtures.withDesired(s, desired), 0, T0);
  }

  private void wakeBeforeEachSave() {
    interleave.beforeEveryWrite("ServiceStore", "save", () -> stores.services.wake(CLUSTER, "web", clock.instant()));
  }

  @Test
  void aPassLaunchesWhatTheServiceLacksAndLetsGo() {
    service(2);
    var outcome = reconciler.reconcile(CLUSTER, "web");
    assertTrue(outcome.held());
    assertEquals(1, outcome.passes());
    assertEquals(2, outcome.launched());
    var next = stores.services.acquire(CLUSTER, "web", "next", clock.instant(), clock.instant().plusSeconds(1));
    assertTrue(next.isPresent(), "the lease was let go");
    Set<String> taskIds = next.get().state().taskIds(); // a lease holder's read carries the task ids
    assertEquals(2, taskIds.size());
    assertEquals(taskIds, Set.copyOf(stores.tasks.inCluster(CLUSTER).stream().map(t -> t.id()).toList()));
    assertEquals(2, stores.containerInstances.get(CLUSTER, "a").orElseThrow().reservations().size());
  }

  @Test
  void aWakeDuringAPassMakesAnotherPass() {
    service(1);
    interleave.beforeNextWrite("ServiceStore", "save", () -> {
      // UpdateService raises the count while the pass is under way
      var current = stores.services.get(CLUSTER, "web").orElseThrow();
      assertTrue(stores.services.wake(CLUSTER, "web", clock.instant()).isPresent());
      assertEquals(1, current.service().desiredCount());
    });
    var outcome = reconciler.reconcile(CLUSTER, "web");
    assertTrue(outcome.held());
    assertEquals(2, outcome.passes(), "the wakeup kept the lease for a second pass");
    assertEquals(1, outcome.launched());
    assertTrue(stores.services.acquire(CLUSTER, "web", "next", clock.instant(), clock.instant().plusSeconds(1))
        .isPresent(), "let go after the second pass");
  }

  @Test
  void wakesThatNeverStopEndTheLoopAfterItsLastPassWithTheServiceStillDue() {
    service(0);
    wakeBeforeEachSave();
    var outcome = reconciler.reconcile(CLUSTER, "web");
    assertEquals(ServiceReconciler.MAX_PASSES, outcome.passes());
    assertFalse(outcome.steady());
    assertEquals(List.of("web"), stores.services.due(CLUSTER, clock.instant()), "the sweep goes on with it");
    assertTrue(stores.services.acquire(CLUSTER, "web", "next", clock.instant(), clock.instant().plusSeconds(1))
        .isPresent(), "the lease was let go");
  }

  @Test
  void aPassThatOutlivedItsLeaseSavesNothing() {
    service(1);
    interleave.beforeNextWrite("ServiceStore", "save", () -> {
      clock.advance(ServiceReconciler.LEASE.plus(Duration.ofSeconds(1)));
      assertTrue(stores.services.acquire(CLUSTER, "web", "other", clock.instant(),
          clock.instant().plus(ServiceReconciler.LEASE)).isPresent());
    });
    var outcome = reconciler.reconcile(CLUSTER, "web");
    assertTrue(outcome.held());
    assertEquals(1, outcome.passes());
    assertEquals(1, stores.services.get(CLUSTER, "web").orElseThrow().service().version(), "not saved");
    assertEquals(1, stores.tasks.inCluster(CLUSTER).size(), "its launch happened, and is on record");
    assertEquals(Set.copyOf(stores.tasks.inCluster(CLUSTER).stream().map(t -> t.id()).toList()),
        stores.services.acquireAgain(CLUSTER, "web", "other", clock.instant().plus(ServiceReconciler.LEASE))
            .orElseThrow().state().taskIds(), "recorded before it was placed");
  }

  @Test
  void aReconcileMessageForAServiceRunsTheLoopAndReportsWhatItDid() {
    service(1);
    interleave.beforeNextWrite("ServiceStore", "save", () -> stores.services.wake(CLUSTER, "web", clock.instant()));
    var lines = InMemoryCore.over(stores, clock).reconciler().handle(ReconcileTarget.service(CLUSTER, "web"));
    assertEquals(List.of("service web: started 1, stopped 0"), lines);
    assertEquals(3, stores.services.get(CLUSTER, "web").orElseThrow().service().version(), "saved by both passes");
  }

  @Test
  void aServiceHeldByAnotherPassIsLeftToIt() {
    service(1);
    assertTrue(stores.services.acquire(CLUSTER, "web", "other", clock.instant(),
        clock.instant().plus(ServiceReconciler.LEASE)).isPresent());
    var outcome = reconciler.reconcile(CLUSTER, "web");
    assertFalse(outcome.held());
    assertEquals(0, outcome.passes());
    assertTrue(stores.tasks.inCluster(CLUSTER).isEmpty());
  }
}
