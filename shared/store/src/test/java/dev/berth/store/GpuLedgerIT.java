package dev.berth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** GPU ids in the ledger: reserved like static ports, by the ids chosen at placement, against the emulator. */
class GpuLedgerIT {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("ci-gpu");
  private static ContainerInstanceStore store;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeAll
  static void setUp() {
    store = new DynamoContainerInstanceStore(Emulator.dynamo(), TABLES.config());
  }

  private static ContainerInstance instance(String id, List<String> gpus) {
    var resources = List.of(Resource.integer("CPU", 4096), Resource.integer("MEMORY", 8192),
        Resource.stringSet("PORTS", List.of("22")), Resource.stringSet("GPU", gpus));
    var ci = new ContainerInstance("c1", id, "i-1", ContainerInstance.ACTIVE, null, true, resources, 4096, 8192,
        Set.of(22), Set.of(), Map.of(), List.of(), null, NOW, 1, List.of());
    store.put(ci, 0);
    return store.get("c1", id).orElseThrow();
  }

  private static Resources gpus(Set<String> ids) {
    return new Resources(100, 100, Set.of(), Set.of(), ids.size(), ids);
  }

  @Test
  void reserveTakesTheNamedGpusAndReleaseFreesThemExactlyOnce() {
    String id = "g".repeat(32);
    ContainerInstance ci = instance(id, List.of("GPU-b", "GPU-a", "GPU-c"));
    assertEquals(List.of("GPU-a", "GPU-b", "GPU-c"), List.copyOf(ci.freeGpus()));

    Resources first = gpus(Set.of("GPU-a", "GPU-b"));
    var reserved = store.reserve(ci, "t1", first, "family:gpu", NOW);
    assertTrue(reserved.reserved());
    var after = reserved.instance().orElseThrow();
    assertEquals(Set.of("GPU-a", "GPU-b"), after.gpusInUse());
    assertEquals(List.of("GPU-c"), List.copyOf(after.freeGpus()));
    assertEquals(first, after.reservations().get("t1").resources());
    var stored = store.get("c1", id).orElseThrow();
    assertEquals(Set.of("GPU-a", "GPU-b"), stored.gpusInUse());
    assertEquals(first, stored.reservations().get("t1").resources(), "the entry keeps the ids");
    assertEquals("family:gpu", stored.reservations().get("t1").group());

    // A second reservation from a stale view cannot take an id in use; the refusal shows the ids taken.
    var clash = store.reserve(ci, "t2", gpus(Set.of("GPU-b")), "family:gpu", NOW);
    assertFalse(clash.reserved());
    assertEquals(Set.of("GPU-a", "GPU-b"), clash.instance().orElseThrow().gpusInUse());
    assertTrue(store.reserve(clash.instance().orElseThrow(), "t2", gpus(Set.of("GPU-c")), "family:gpu", NOW)
        .reserved());
    assertEquals(Set.of("GPU-a", "GPU-b", "GPU-c"), store.get("c1", id).orElseThrow().gpusInUse());

    assertTrue(store.release("c1", id, "t1", first));
    assertFalse(store.release("c1", id, "t1", first), "a second release changes nothing");
    var released = store.get("c1", id).orElseThrow();
    assertEquals(Set.of("GPU-c"), released.gpusInUse());
    assertEquals(List.of("GPU-a", "GPU-b"), List.copyOf(released.freeGpus()));
    assertEquals(4096 - 100, released.remainingCpu());
    assertTrue(store.release("c1", id, "t2", gpus(Set.of("GPU-c"))));
    var empty = store.get("c1", id).orElseThrow();
    assertEquals(Set.of(), empty.gpusInUse());
    assertEquals(4096, empty.remainingCpu());
    assertTrue(empty.reservations().isEmpty());
  }

  @Test
  void reservationEntriesWithAndWithoutGpusRoundTripAndOldEntriesStillRead() {
    Reservation withGpus = new Reservation(new Resources(1, 2, Set.of(80), Set.of(53), 2, Set.of("GPU-2", "GPU-1")),
        NOW, "odd|group");
    AttributeValue v = ContainerInstanceItems.reservationValue(withGpus);
    assertEquals("g|1|2|80|53|" + NOW.toEpochMilli() + "|GPU-1,GPU-2|odd|group", v.s());
    assertEquals(withGpus, ContainerInstanceItems.reservationFrom(v));

    Reservation plain = new Reservation(new Resources(1, 2, Set.of(), Set.of()), NOW, "g|x");
    assertEquals("1|2|||" + NOW.toEpochMilli() + "|g|x", ContainerInstanceItems.reservationValue(plain).s(),
        "entries without GPUs keep the six-field form");
    assertEquals(plain, ContainerInstanceItems.reservationFrom(ContainerInstanceItems.reservationValue(plain)));
    assertEquals(new Reservation(new Resources(3, 4, Set.of(1, 2), Set.of()), NOW, "family:a|b"),
        ContainerInstanceItems.reservationFrom(AttributeValue.fromS("3|4|1,2||" + NOW.toEpochMilli() + "|family:a|b")));
  }
}
