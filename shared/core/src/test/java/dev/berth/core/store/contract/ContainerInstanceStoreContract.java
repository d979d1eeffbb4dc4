package dev.berth.core.store.contract;

import static dev.berth.core.store.contract.Fixtures.T0;
import static dev.berth.core.store.contract.Fixtures.instance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Resources;
import dev.berth.model.Tag;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every ContainerInstanceStore does: the ledger's conditional writes. A reservation succeeds
 * only when the instance, as it is at that moment, has room; a refused one answers with the
 * instance as it is; a release gives back exactly once.
 */
public abstract class ContainerInstanceStoreContract {
  protected final ManualClock clock = new ManualClock(T0);
  private ContainerInstanceStore store;
  private String cluster;

  /** A store over empty (or unrelated) data that stamps its writes with {@code clock}. */
  protected abstract ContainerInstanceStore newStore(Clock clock);

  @BeforeEach
  void setUp() {
    store = newStore(clock);
    cluster = Fixtures.unique("ci");
  }

  private ContainerInstance registered(String id, int cpu, int memory, Set<Integer> ports) {
    store.put(instance(cluster, id, cpu, memory, ports, List.of()), 0);
    return store.get(cluster, id).orElseThrow();
  }

  @Test
  void aReservationTakesWhatItNeedsAndMovesTheVersion() {
    var seen = registered("a", 1024, 2048, Set.of(22));
    Resources need = new Resources(256, 512, Set.of(80), Set.of(53));
    var result = store.reserve(seen, "t1", need, "family:web", T0);
    assertTrue(result.reserved());
    var after = result.instance().orElseThrow();
    assertEquals(768, after.remainingCpu());
    assertEquals(1536, after.remainingMemory());
    assertEquals(Set.of(22, 80), after.tcpPortsInUse());
    assertEquals(Set.of(53), after.udpPortsInUse());
    assertEquals(need, after.reservations().get("t1").resources());
    assertEquals("family:web", after.reservations().get("t1").group());
    assertEquals(T0, after.reservations().get("t1").reservedAt());
    assertFalse(after.reservations().get("t1").running());
    assertEquals(seen.version() + 1, after.version());
    assertEquals(after.version(), store.get(cluster, "a").orElseThrow().version());
  }

  @Test
  void aReservationWithoutAGroupKeepsAnEmptyOneToTheMillisecond() {
    var seen = registered("a", 1024, 1024, Set.of());
    var answer = store.reserve(seen, "t1", new Resources(1, 1, Set.of(), Set.of()), null, T0.plusNanos(2_500_000));
    var entry = answer.instance().orElseThrow().reservations().get("t1");
    assertEquals("", entry.group());
    assertEquals(T0.plusMillis(2), entry.reservedAt());
    assertEquals(entry, store.get(cluster, "a").orElseThrow().reservations().get("t1"));
  }

  @Test
  void aReservationThatDoesNotFitIsRefusedWithTheInstanceAsItIs() {
    var seen = registered("a", 1024, 1024, Set.of(22));
    assertTrue(store.reserve(seen, "t1", new Resources(512, 512, Set.of(80), Set.of()), "g", T0).reserved());
    var now = store.get(cluster, "a").orElseThrow();

    var tooMuchCpu = store.reserve(seen, "t2", new Resources(600, 100, Set.of(), Set.of()), "g", T0);
    assertFalse(tooMuchCpu.reserved());
    assertEquals(now, tooMuchCpu.instance().orElseThrow(), "a refusal answers with the instance as it is now");

    assertFalse(store.reserve(seen, "t3", new Resources(1, 600, Set.of(), Set.of()), "g", T0).reserved(),
        "memory");
    assertFalse(store.reserve(seen, "t4", new Resources(1, 1, Set.of(80), Set.of()), "g", T0).reserved(),
        "a port another task holds");
    assertFalse(store.reserve(seen, "t5", new Resources(1, 1, Set.of(22), Set.of()), "g", T0).reserved(),
        "a port the agent reserved");
    assertFalse(store.reserve(seen, "t1", new Resources(1, 1, Set.of(), Set.of()), "g", T0).reserved(),
        "a task reserves once");
    assertEquals(now, store.get(cluster, "a").orElseThrow(), "refusals change nothing");
  }

  @Test
  void aReservationIsConditionedOnTheResourcesNotOnTheVersionRead() {
    var stale = registered("a", 1024, 1024, Set.of());
    assertTrue(store.reserve(stale, "t1", new Resources(256, 256, Set.of(), Set.of()), "g", T0).reserved());

    var second = store.reserve(stale, "t2", new Resources(256, 256, Set.of(), Set.of()), "g", T0);
    assertTrue(second.reserved(), "both fit, so both succeed although the second read an older version");
    var answer = second.instance().orElseThrow();
    assertEquals(512, answer.remainingCpu(), "what the update wrote comes back as it is now");
    assertEquals(stale.version() + 2, answer.version());
    assertTrue(answer.reservations().containsKey("t2"));
    assertEquals(Set.of("t1", "t2"), store.get(cluster, "a").orElseThrow().reservations().keySet());

    var third = store.reserve(stale, "t3", new Resources(600, 1, Set.of(), Set.of()), "g", T0);
    assertFalse(third.reserved(), "the stale read said 1024 CPU; the instance has 512");
    assertEquals(512, third.instance().orElseThrow().remainingCpu());
  }

  @Test
  void anInstanceThatTakesNoPlacementsRefusesAll() {
    var seen = registered("a", 1024, 1024, Set.of());
    Resources need = new Resources(1, 1, Set.of(), Set.of());
    store.put(Fixtures.withStatus(seen, ContainerInstance.DRAINING, true), seen.version());
    assertFalse(store.reserve(seen, "t1", need, "g", T0).reserved(), "draining");
    var draining = store.get(cluster, "a").orElseThrow();
    store.put(Fixtures.withStatus(draining, ContainerInstance.ACTIVE, false), draining.version());
    assertFalse(store.reserve(seen, "t1", need, "g", T0).reserved(), "agent disconnected");

    var missing = instance(cluster, "nothing-here", 1024, 1024, Set.of(), List.of());
    var refused = store.reserve(missing, "t1", need, "g", T0);
    assertFalse(refused.reserved());
    assertTrue(refused.instance().isEmpty(), "no instance to answer with");
  }

  @Test
  void aReleaseGivesBackExactlyOnce() {
    var seen = registered("a", 1024, 2048, Set.of(22));
    Resources need = new Resources(256, 512, Set.of(80), Set.of(53));
    long reservedVersion = store.reserve(seen, "t1", need, "g", T0).instance().orElseThrow().version();

    assertTrue(store.release(cluster, "a", "t1", need));
    var released = store.get(cluster, "a").orElseThrow();
    assertEquals(1024, released.remainingCpu());
    assertEquals(2048, released.remainingMemory());
    assertEquals(Set.of(22), released.tcpPortsInUse());
    assertEquals(Set.of(), released.udpPortsInUse());
    assertTrue(released.reservations().isEmpty());
    assertEquals(reservedVersion + 1, released.version());

    assertFalse(store.release(cluster, "a", "t1", need), "a second release changes nothing");
    assertEquals(released, store.get(cluster, "a").orElseThrow());
    assertFalse(store.release(cluster, "a", "never-placed", need));
  }

  @Test
  void heldPortsJoinTheReservationAndGoWithItsRelease() {
    var seen = registered("a", 1024, 1024, Set.of(22));
    assertTrue(store.reserve(seen, "t1", new Resources(100, 100, Set.of(80), Set.of()), "g", T0).reserved());
    long before = store.get(cluster, "a").orElseThrow().version();

    assertTrue(store.holdPorts(cluster, "a", "t1", Set.of(80, 32768), Set.of(32769)));
    var held = store.get(cluster, "a").orElseThrow();
    assertEquals(Set.of(22, 80, 32768), held.tcpPortsInUse());
    assertEquals(Set.of(32769), held.udpPortsInUse());
    assertEquals(Set.of(80, 32768), held.reservations().get("t1").resources().tcpPorts());
    assertEquals(Set.of(32769), held.reservations().get("t1").resources().udpPorts());
    assertEquals(before + 1, held.version());

    assertTrue(store.holdPorts(cluster, "a", "t1", Set.of(32768), Set.of()), "ports it holds already");
    assertEquals(held.version(), store.get(cluster, "a").orElseThrow().version(), "nothing written");
    assertFalse(store.reserve(held, "t2", new Resources(1, 1, Set.of(32768), Set.of()), "g", T0).reserved(),
        "a held dynamic port is in use");
    assertFalse(store.holdPorts(cluster, "a", "other", Set.of(40000), Set.of()), "no reservation, nothing held");

    assertTrue(store.release(cluster, "a", "t1", held.reservations().get("t1").resources()));
    assertEquals(Set.of(22), store.get(cluster, "a").orElseThrow().tcpPortsInUse());
    assertFalse(store.holdPorts(cluster, "a", "t1", Set.of(40000), Set.of()), "released");
  }

  @Test
  void aRunningMarkIsWrittenOnceAndGoesWithTheRelease() {
    var seen = registered("a", 1024, 1024, Set.of());
    Resources need = new Resources(100, 100, Set.of(), Set.of());
    assertTrue(store.reserve(seen, "t1", need, "g", T0).reserved());
    assertTrue(store.reserve(seen, "t2", need, "g", T0).reserved());
    long before = store.get(cluster, "a").orElseThrow().version();

    assertFalse(store.markRunning(cluster, "a", "nope"), "no reservation, no mark");
    assertTrue(store.markRunning(cluster, "a", "t1"));
    assertFalse(store.markRunning(cluster, "a", "t1"), "a duplicate report marks nothing");
    var marked = store.get(cluster, "a").orElseThrow();
    assertEquals(before + 1, marked.version());
    assertTrue(marked.reservations().get("t1").running());
    assertFalse(marked.reservations().get("t2").running());
    assertEquals(1, marked.runningTaskCount());

    store.put(marked.withHealth(ContainerInstance.ACTIVE, "kept", true), marked.version());
    assertTrue(store.get(cluster, "a").orElseThrow().reservations().get("t1").running(), "a whole-item put keeps it");

    assertTrue(store.release(cluster, "a", "t1", need));
    assertFalse(store.markRunning(cluster, "a", "t1"), "a late report after the release");
    assertEquals(0, store.get(cluster, "a").orElseThrow().runningTaskCount());
  }

  @Test
  void gpusAreHeldByIdAndGivenBack() {
    store.put(instance(cluster, "g", 4096, 4096, Set.of(), List.of("GPU-0", "GPU-1")), 0);
    var seen = store.get(cluster, "g").orElseThrow();
    Resources one = new Resources(1, 1, Set.of(), Set.of(), 1, Set.of("GPU-0"));
    assertThrows(IllegalArgumentException.class,
        () -> store.reserve(seen, "t0", new Resources(1, 1, Set.of(), Set.of(), 1, Set.of()), "g", T0),
        "a reservation names the GPUs it takes");
    assertTrue(store.reserve(seen, "t1", one, "g", T0).reserved());
    assertFalse(store.reserve(seen, "t2", one, "g", T0).reserved(), "GPU-0 is in use");
    assertEquals(Set.of("GPU-0"), store.get(cluster, "g").orElseThrow().gpusInUse());
    assertTrue(store.release(cluster, "g", "t1", one));
    assertEquals(Set.of(), store.get(cluster, "g").orElseThrow().gpusInUse());
    assertTrue(store.reserve(seen, "t2", one, "g", T0).reserved());
  }

  @Test
  void putsAreConditionedOnTheVersionRead() {
    var seen = registered("a", 1024, 1024, Set.of());
    assertThrows(OptimisticLockException.class, () -> store.put(seen, 0), "0 means new");
    assertThrows(OptimisticLockException.class,
        () -> store.put(seen.withHealth(ContainerInstance.DRAINING, null, true), seen.version() + 5));
    store.put(seen.withHealth(ContainerInstance.DRAINING, null, true), seen.version());
    assertEquals(ContainerInstance.DRAINING, store.get(cluster, "a").orElseThrow().status());
    assertThrows(OptimisticLockException.class,
        () -> store.put(seen.withHealth(ContainerInstance.ACTIVE, null, true), seen.version()), "stale read");
  }

  @Test
  void tagsAndAttributesChangeOnlyThemselvesAndMoveTheVersion() {
    var seen = registered("a", 1024, 1024, Set.of());
    assertTrue(store.reserve(seen, "t1", new Resources(100, 100, Set.of(), Set.of()), "g", T0).reserved());
    var current = store.get(cluster, "a").orElseThrow();
    assertThrows(OptimisticLockException.class, () -> store.setTags(seen, List.of(new Tag("k", "v"))), "stale");

    store.setTags(current, List.of(new Tag("k", "v")));
    var tagged = store.get(cluster, "a").orElseThrow();
    assertEquals(List.of(new Tag("k", "v")), tagged.tags());
    assertEquals(current.version() + 1, tagged.version());
    assertEquals(current.reservations(), tagged.reservations());
    assertEquals(924, tagged.remainingCpu());

    store.setAttributes(tagged, List.of(new Attribute("stack", "blue", null, null)));
    var attributed = store.get(cluster, "a").orElseThrow();
    assertEquals("blue", attributed.attribute("stack"));
    assertEquals(tagged.version() + 1, attributed.version());
    assertEquals(tagged.tags(), attributed.tags());
    assertThrows(OptimisticLockException.class, () -> store.setAttributes(tagged, List.of()), "stale");
  }

  @Test
  void everyLedgerWriteMarksTheEventPendingUntilItsVersionIsConfirmed() {
    var seen = registered("a", 1024, 1024, Set.of());
    var pending = store.pendingEvent(cluster, "a").orElseThrow();
    assertEquals(T0, pending.changedAt());
    assertEquals(seen, pending.value());
    assertEquals(List.of("a"), store.pendingEventsBefore(cluster, T0.plusMillis(1)));
    assertEquals(List.of(), store.pendingEventsBefore(cluster, T0), "marked at T0, not before");

    assertFalse(store.clearPendingEvent(cluster, "a", seen.version() + 1), "not that version");
    assertTrue(store.clearPendingEvent(cluster, "a", seen.version()));
    assertTrue(store.pendingEvent(cluster, "a").isEmpty());
    assertFalse(store.clearPendingEvent(cluster, "a", seen.version()), "already confirmed");
    assertEquals(List.of(), store.pendingEventsBefore(cluster, T0.plusSeconds(60)));

    clock.advance(Duration.ofSeconds(5));
    assertTrue(store.reserve(seen, "t1", new Resources(1, 1, Set.of(), Set.of()), "g", T0).reserved());
    assertEquals(T0.plusSeconds(5), store.pendingEvent(cluster, "a").orElseThrow().changedAt());
    clock.advance(Duration.ofSeconds(5));
    registered("b", 1024, 1024, Set.of());
    assertEquals(List.of("a", "b"), store.pendingEventsBefore(cluster, T0.plusSeconds(60)), "oldest mark first");
    assertEquals(List.of("a"), store.pendingEventsBefore(cluster, T0.plusSeconds(10)));
  }

  @Test
  void aClusterListsInIdOrderAndCountsWhatIsNotInactive() {
    registered("c", 1, 1, Set.of());
    var a = registered("a", 1, 1, Set.of());
    registered("b", 1, 1, Set.of());
    store.put(Fixtures.withStatus(a, ContainerInstance.INACTIVE, false), a.version());
    assertEquals(List.of("a", "b", "c"), store.inCluster(cluster).stream().map(ContainerInstance::id).toList());
    assertEquals(2, store.countRegistered(cluster));
    assertEquals(List.of(), store.inCluster(Fixtures.unique("empty")));
  }

  @Test
  void namedInstancesAreReadTogetherAndMissingOnesLeftOut() {
    registered("a", 1, 1, Set.of());
    var b = registered("b", 2048, 1024, Set.of());
    registered("c", 1, 1, Set.of());
    assertTrue(store.reserve(b, "t1", new Resources(512, 256, Set.of(), Set.of()), "g", T0).reserved());
    var read = store.getAll(cluster, List.of("b", "c", "nope", "b"));
    assertEquals(List.of("b", "c"), List.copyOf(read.keySet()));
    assertEquals(1536, read.get("b").remainingCpu(), "read as it is now");
    assertTrue(read.get("b").reservations().containsKey("t1"));
    assertEquals(List.of(), List.copyOf(store.getAll(cluster, List.of()).keySet()));
  }

  @Test
  void manyNamedInstancesAreReadPastOneBatch() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 130; i++) {
      String id = String.format("i%03d", i);
      registered(id, 1, 1, Set.of());
      ids.add(id);
    }
    assertEquals(ids, List.copyOf(store.getAll(cluster, ids).keySet()));
  }
}
