package dev.berth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ContainerInstanceStore;
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

/** The ledger's conditional writes, against the emulator. */
class ContainerInstanceStoreIT {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("ci-store");
  private static ContainerInstanceStore store;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeAll
  static void setUp() {
    store = new DynamoContainerInstanceStore(Emulator.dynamo(), TABLES.config());
  }

  private static ContainerInstance instance(String id, int cpu, int memory, Set<Integer> reservedPorts) {
    var resources = List.of(Resource.integer("CPU", cpu), Resource.integer("MEMORY", memory),
        Resource.stringSet("PORTS", reservedPorts.stream().map(String::valueOf).toList()),
        Resource.stringSet("PORTS_UDP", List.of()));
    var ci = new ContainerInstance("c1", id, "i-1", ContainerInstance.ACTIVE, null, true, resources, cpu, memory,
        reservedPorts, Set.of(), Map.of(), List.of(), null, NOW, 1, List.of());
    store.put(ci, 0);
    return ci;
  }

  @Test
  void reserveTakesResourcesAndReleaseGivesThemBackExactlyOnce() {
    instance("a".repeat(32), 1024, 2048, Set.of(22));
    Resources need = new Resources(256, 512, Set.of(80), Set.of(53));
    var reserved = store.reserve(store.get("c1", "a".repeat(32)).orElseThrow(), "t1", need, "family:test", NOW);
    assertTrue(reserved.reserved());
    var after = reserved.instance().orElseThrow();
    assertEquals(768, after.remainingCpu());
    assertEquals(1536, after.remainingMemory());
    assertEquals(Set.of(22, 80), after.tcpPortsInUse());
    assertEquals(Set.of(53), after.udpPortsInUse());
    assertEquals(need, after.reservations().get("t1").resources());
    assertEquals("family:test", after.reservations().get("t1").group());
    assertEquals(2, after.version());

    assertTrue(store.release("c1", "a".repeat(32), "t1", need));
    assertFalse(store.release("c1", "a".repeat(32), "t1", need), "a second release changes nothing");
    var released = store.get("c1", "a".repeat(32)).orElseThrow();
    assertEquals(1024, released.remainingCpu());
    assertEquals(2048, released.remainingMemory());
    assertEquals(Set.of(22), released.tcpPortsInUse());
    assertEquals(Set.of(), released.udpPortsInUse());
    assertTrue(released.reservations().isEmpty());
  }

  @Test
  void aRunningMarkIsWrittenOnceSurvivesAWholeItemPutAndGoesWithTheRelease() {
    String id = "r".repeat(32);
    instance(id, 1024, 1024, Set.of());
    Resources need = new Resources(100, 100, Set.of(), Set.of());
    assertTrue(store.reserve(store.get("c1", id).orElseThrow(), "t1", need, "g", NOW).reserved());
    assertTrue(store.reserve(store.get("c1", id).orElseThrow(), "t2", need, "g", NOW).reserved());
    assertFalse(store.markRunning("c1", id, "nope"), "no reservation, no mark");
    assertTrue(store.markRunning("c1", id, "t1"));
    assertFalse(store.markRunning("c1", id, "t1"), "a duplicate RUNNING report writes nothing");
    var marked = store.get("c1", id).orElseThrow();
    assertTrue(marked.reservations().get("t1").running());
    assertFalse(marked.reservations().get("t2").running());
    assertEquals(1, marked.runningTaskCount());
    assertEquals(1, marked.pendingTaskCount());

    // a whole-item write of the instance (a health change) keeps the mark
    store.put(marked.withHealth(ContainerInstance.DRAINING, null, true), marked.version());
    assertTrue(store.get("c1", id).orElseThrow().reservations().get("t1").running());

    assertTrue(store.release("c1", id, "t1", need));
    assertTrue(store.release("c1", id, "t2", need), "releasing a task never marked running works too");
    assertFalse(store.markRunning("c1", id, "t1"), "a late RUNNING report after the release marks nothing");
    var empty = store.get("c1", id).orElseThrow();
    assertEquals(0, empty.runningTaskCount());
    assertEquals(0, empty.pendingTaskCount());
  }

  @Test
  void reserveIsRefusedWhenAPortIsTakenOrCpuRunsOut() {
    instance("b".repeat(32), 512, 4096, Set.of(22));
    var port22 = store.reserve(store.get("c1", "b".repeat(32)).orElseThrow(), "t1", new Resources(10, 10, Set.of(22), Set.of()), "family:test", NOW);
    assertFalse(port22.reserved());
    assertEquals(512, port22.instance().orElseThrow().remainingCpu(), "the refusal returns the instance as it is");

    assertTrue(store.reserve(store.get("c1", "b".repeat(32)).orElseThrow(), "t2", new Resources(512, 10, Set.of(80), Set.of()), "family:test", NOW).reserved());
    assertFalse(store.reserve(store.get("c1", "b".repeat(32)).orElseThrow(), "t3", new Resources(1, 10, Set.of(), Set.of()), "family:test", NOW).reserved());
    assertFalse(store.reserve(store.get("c1", "b".repeat(32)).orElseThrow(), "t2", new Resources(0, 0, Set.of(), Set.of()), "family:test", NOW).reserved(),
        "a task id is reserved at most once per instance");
  }

  @Test
  void reserveIsRefusedOnDrainingOrDisconnectedInstances() {
    var ci = instance("c".repeat(32), 1024, 1024, Set.of());
    var draining = new ContainerInstance(ci.cluster(), ci.id(), ci.ec2InstanceId(), ContainerInstance.DRAINING, null,
        true, ci.registeredResources(), 1024, 1024, Set.of(), Set.of(), Map.of(), List.of(), null, NOW, 2, List.of());
    store.put(draining, 1);
    assertFalse(store.reserve(store.get("c1", ci.id()).orElseThrow(), "t1", new Resources(1, 1, Set.of(), Set.of()), "family:test", NOW).reserved());
    var disconnected = new ContainerInstance(ci.cluster(), ci.id(), ci.ec2InstanceId(), ContainerInstance.ACTIVE, null,
        false, ci.registeredResources(), 1024, 1024, Set.of(), Set.of(), Map.of(), List.of(), null, NOW, 3, List.of());
    store.put(disconnected, 2);
    assertFalse(store.reserve(store.get("c1", ci.id()).orElseThrow(), "t1", new Resources(1, 1, Set.of(), Set.of()), "family:test", NOW).reserved());
  }
}
