package dev.berth.core.tasks;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.core.testing.InMemoryCore;
import dev.berth.core.testing.Interleave;
import dev.berth.model.Cluster;
import dev.berth.model.ContainerDefinition;
import dev.berth.model.ContainerInstance;
import dev.berth.model.PortMapping;
import dev.berth.model.Resources;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import dev.berth.model.service.TaskTagging;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.Strategy;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A placement chooses from a view read before it writes; when another placement took what it
 * chose in between, the ledger refuses, and the placement chooses again from the refusal's answer.
 */
class PlacementRetryTest {
  private static final String CLUSTER = "c";
  private static final Resources PORT_80 = new Resources(128, 128, Set.of(80), Set.of());

  private final ManualClock clock = new ManualClock(T0);
  private final Interleave interleave = new Interleave();
  private final InMemoryStores stores = new InMemoryStores(clock, interleave);

  /** Two instances; "a" has less memory left, so binpack on memory chooses it first. */
  private void twoInstances() {
    stores.clusters.put(new Cluster(CLUSTER, Cluster.ACTIVE, T0, 1, List.of(), List.of()), 0);
    stores.containerInstances.put(Fixtures.instance(CLUSTER, "a", 1024, 1024, Set.of(), List.of()), 0);
    stores.containerInstances.put(Fixtures.instance(CLUSTER, "b", 1024, 1024, Set.of(), List.of()), 0);
    var a = stores.containerInstances.get(CLUSTER, "a").orElseThrow();
    assertTrue(stores.containerInstances.reserve(a, "earlier", new Resources(0, 512, Set.of(), Set.of()), "g", T0)
        .reserved());
  }

  /** Before the placement's reservation, another request takes port 80 on "a". */
  private void aCompetitorTakesPort80OnAFirst() {
    interleave.beforeNextWrite("ContainerInstanceStore", "reserve", () -> {
      var a = stores.containerInstances.get(CLUSTER, "a").orElseThrow();
      assertTrue(stores.containerInstances.reserve(a, "competitor", PORT_80, "g", T0).reserved());
    });
  }

  @Test
  void theLedgerPlacerChoosesAgainFromTheRefusalsAnswer() {
    twoInstances();
    var view = stores.containerInstances.inCluster(CLUSTER);
    aCompetitorTakesPort80OnAFirst();
    var engine = new PlacementEngine();
    var request = PlacementRequest.of(PORT_80, List.of(new Strategy.Binpack(Strategy.Binpack.Field.MEMORY)));
    var placer = new LedgerPlacer(engine, stores.containerInstances, clock,
        new ClusterViews(stores.containerInstances, clock));

    var outcome = placer.place(CLUSTER, "mine", request, engine.session(request, view), new SplittableRandom(1));

    assertTrue(outcome.placed());
    assertEquals("b", outcome.placedOn().id());
    assertEquals(1, outcome.conflicts(), "one refused reservation on the way");
    assertEquals(Set.of("earlier", "competitor"),
        stores.containerInstances.get(CLUSTER, "a").orElseThrow().reservations().keySet());
    assertEquals(Set.of("mine"), stores.containerInstances.get(CLUSTER, "b").orElseThrow().reservations().keySet());
  }

  @Test
  void whenTheFreshDataLeavesNoRoomThePlacerReportsWhyFromIt() {
    stores.clusters.put(new Cluster(CLUSTER, Cluster.ACTIVE, T0, 1, List.of(), List.of()), 0);
    stores.containerInstances.put(Fixtures.instance(CLUSTER, "a", 1024, 1024, Set.of(), List.of()), 0);
    var view = stores.containerInstances.inCluster(CLUSTER);
    aCompetitorTakesPort80OnAFirst();
    var engine = new PlacementEngine();
    var request = PlacementRequest.of(PORT_80, List.of());
    var placer = new LedgerPlacer(engine, stores.containerInstances, clock,
        new ClusterViews(stores.containerInstances, clock));

    var outcome = placer.place(CLUSTER, "mine", request, engine.session(request, view), new SplittableRandom(1));

    assertFalse(outcome.placed());
    assertEquals(1, outcome.conflicts());
    assertEquals(PlacementEngine.RESOURCE_PORTS, outcome.rejections().get(0).reason(),
        "the refusal's answer showed port 80 taken");
    assertNull(stores.containerInstances.get(CLUSTER, "a").orElseThrow().reservations().get("mine"));
  }

  @Test
  void runTaskPlacesOnAnotherInstanceWhenItsFirstChoiceIsTakenBetweenReadAndWrite() {
    twoInstances();
    stores.taskDefinitions.create(new TaskDefinition("web", 1, TaskDefinition.ACTIVE, "bridge", null, null,
        List.of(new ContainerDefinition("app", "nginx", 128, 128, null, true, List.of(new PortMapping(80, 80, "tcp")),
            null, null, null, null)), null, T0, null, "{}", List.of()));
    aCompetitorTakesPort80OnAFirst();
    var launcher = InMemoryCore.over(stores, clock).launcher();
    int reservesBefore = interleave.writes("ContainerInstanceStore", "reserve");

    var result = launcher.runTask(new LaunchRequest(CLUSTER, "web", 1, null, null, TaskOverride.NONE, null,
        List.of(new Strategy.Binpack(Strategy.Binpack.Field.MEMORY)), null, null, null, "{}", TaskTagging.DEFAULT));

    assertEquals(List.of(), result.failures());
    assertEquals(1, result.tasks().size());
    assertEquals(2, interleave.writes("ContainerInstanceStore", "reserve") - reservesBefore,
        "refused on a, then reserved on b");
    var task = result.tasks().get(0);
    assertEquals("b", task.containerInstanceId());
    assertEquals(task, stores.tasks.get(CLUSTER, task.id()).orElseThrow(), "the task item follows the reservation");
    ContainerInstance b = stores.containerInstances.get(CLUSTER, "b").orElseThrow();
    assertEquals(Set.of(task.id()), b.reservations().keySet());
    assertEquals(Set.of(80), b.tcpPortsInUse());
    assertEquals(Set.of("earlier", "competitor"),
        stores.containerInstances.get(CLUSTER, "a").orElseThrow().reservations().keySet());
  }
}
