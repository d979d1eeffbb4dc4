package dev.berth.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementEngineTest {
  private final PlacementEngine engine = new PlacementEngine();

  /** A small builder for instances with a given ledger. */
  private static final class Instance {
    private final String id;
    private int cpu = 2048;
    private int memory = 4096;
    private Set<Integer> tcp = Set.of(22);
    private Set<Integer> udp = Set.of();
    private String status = ContainerInstance.ACTIVE;
    private boolean connected = true;
    private int tasks;
    private final List<Attribute> attributes = new ArrayList<>();

    private Instance(String id) {
      this.id = id;
    }

    Instance cpu(int value) {
      cpu = value;
      return this;
    }

    Instance memory(int value) {
      memory = value;
      return this;
    }

    Instance tcp(Integer... ports) {
      tcp = Set.of(ports);
      return this;
    }

    Instance udp(Integer... ports) {
      udp = Set.of(ports);
      return this;
    }

    Instance status(String value) {
      status = value;
      return this;
    }

    Instance disconnected() {
      connected = false;
      return this;
    }

    Instance tasks(int count) {
      tasks = count;
      return this;
    }

    Instance attribute(String name, String value) {
      attributes.add(Attribute.of(name, value));
      return this;
    }

    ContainerInstance build() {
      Map<String, ContainerInstance.Reservation> reservations = new HashMap<>();
      for (int i = 0; i < tasks; i++) {
        reservations.put(id + "-task-" + i, new ContainerInstance.Reservation(Resources.NONE, Instant.EPOCH, "family:x"));
      }
      return new ContainerInstance("default", id, "i-" + id, status, null, connected,
          List.of(Resource.integer("CPU", 4096), Resource.integer("MEMORY", 8192)), cpu, memory, tcp, udp,
          reservations, attributes, null, Instant.EPOCH, 1, null);
    }
  }

  private static Instance instance(String id) {
    return new Instance(id);
  }

  private static Resources need(int cpu, int memory) {
    return new Resources(cpu, memory, Set.of(), Set.of());
  }

  private static Strategy strategy(String type, String field) {
    return Strategy.parse(new PlacementStrategy(type, field));
  }

  private PlacementEngine.Decision place(Resources need, List<Strategy> strategies,
      ContainerInstance... instances) {
    return engine.place(need, List.of(instances), strategies, new Random(42));
  }

  private static String chosenId(PlacementEngine.Decision decision) {
    return decision.chosen() == null ? null : decision.chosen().id();
  }

  @Test
  void disconnectedAgentIsRejectedFirst() {
    ContainerInstance ci = instance("a").disconnected().cpu(0).build();
    assertEquals(PlacementEngine.AGENT, PlacementEngine.unmetRequirement(ci, need(1, 1)));
  }

  @Test
  void cpuIsCheckedBeforeMemory() {
    ContainerInstance ci = instance("a").cpu(100).memory(100).build();
    assertEquals(PlacementEngine.RESOURCE_CPU, PlacementEngine.unmetRequirement(ci, need(200, 200)));
  }

  @Test
  void memoryIsCheckedBeforePorts() {
    ContainerInstance ci = instance("a").memory(100).tcp(80).build();
    assertEquals(PlacementEngine.RESOURCE_MEMORY,
        PlacementEngine.unmetRequirement(ci, new Resources(0, 200, Set.of(80), Set.of())));
  }

  @Test
  void tcpPortsAreCheckedBeforeUdpPorts() {
    ContainerInstance ci = instance("a").tcp(80).udp(53).build();
    assertEquals(PlacementEngine.RESOURCE_PORTS,
        PlacementEngine.unmetRequirement(ci, new Resources(0, 0, Set.of(80), Set.of(53))));
  }

  @Test
  void usedUdpPortIsRejected() {
    ContainerInstance ci = instance("a").udp(53).build();
    assertEquals(PlacementEngine.RESOURCE_PORTS_UDP,
        PlacementEngine.unmetRequirement(ci, new Resources(0, 0, Set.of(53), Set.of(53))));
  }

  @Test
  void exactFitIsAccepted() {
    ContainerInstance ci = instance("a").cpu(512).memory(1024).tcp(22).build();
    assertNull(PlacementEngine.unmetRequirement(ci, new Resources(512, 1024, Set.of(80), Set.of(22))));
  }

  @Test
  void drainingInstancesAreRejectedWithTheirStatusAndInactiveOnesSkipped() {
    PlacementEngine.Decision d = place(need(1, 1), List.of(),
        instance("a").status(ContainerInstance.DRAINING).build(),
        instance("b").status(ContainerInstance.INACTIVE).build());
    assertNull(d.chosen());
    assertEquals(1, d.rejections().size());
    assertEquals("a", d.rejections().get(0).instance().id());
    assertEquals(ContainerInstance.DRAINING, d.rejections().get(0).reason());
  }

  @Test
  void whenNothingFitsRejectionsListEveryInstanceWithItsReason() {
    PlacementEngine.Decision d = place(need(1024, 1024), List.of(),
        instance("a").disconnected().build(),
        instance("b").cpu(512).build(),
        instance("c").memory(512).build());
    assertNull(d.chosen());
    assertEquals(3, d.rejections().size());
    assertEquals("a", d.rejections().get(0).instance().id());
    assertEquals(PlacementEngine.AGENT, d.rejections().get(0).reason());
    assertEquals("b", d.rejections().get(1).instance().id());
    assertEquals(PlacementEngine.RESOURCE_CPU, d.rejections().get(1).reason());
    assertEquals(PlacementEngine.RESOURCE_MEMORY, d.rejections().get(2).reason());
  }

  @Test
  void nothingChosenWhenNoInstanceFits() {
    PlacementEngine.Decision d = place(need(1, 5000), List.of(), instance("a").build(), instance("b").build());
    assertNull(d.chosen());
    assertEquals(List.of(PlacementEngine.RESOURCE_MEMORY, PlacementEngine.RESOURCE_MEMORY),
        d.rejections().stream().map(PlacementEngine.Rejection::reason).toList());
  }

  @Test
  void binpackCpuPicksLeastRemainingCpu() {
    PlacementEngine.Decision d = place(need(256, 0), List.of(strategy("binpack", "cpu")),
        instance("a").cpu(2048).memory(100).build(),
        instance("b").cpu(512).memory(4000).build(),
        instance("c").cpu(1024).memory(50).build());
    assertEquals("b", chosenId(d));
  }

  @Test
  void binpackMemoryPicksLeastRemainingMemory() {
    PlacementEngine.Decision d = place(need(0, 256), List.of(strategy("binpack", "memory")),
        instance("a").cpu(10).memory(4096).build(),
        instance("b").cpu(4000).memory(300).build(),
        instance("c").cpu(20).memory(1024).build());
    assertEquals("b", chosenId(d));
  }

  @Test
  void binpackIgnoresInstancesTooSmallForTheTask() {
    PlacementEngine.Decision d = place(need(0, 500), List.of(strategy("binpack", "memory")),
        instance("small").memory(400).build(),
        instance("fits").memory(600).build(),
        instance("big").memory(4000).build());
    assertEquals("fits", chosenId(d));
  }

  @Test
  void spreadByInstanceIdPicksInstanceWithFewestTasks() {
    PlacementEngine.Decision d = place(need(1, 1), List.of(strategy("spread", "instanceId")),
        instance("a").tasks(3).build(), instance("b").tasks(1).build(), instance("c").tasks(2).build());
    assertEquals("b", chosenId(d));
  }

  @Test
  void spreadByHostIsAnAliasOfInstanceId() {
    PlacementEngine.Decision d = place(need(1, 1), List.of(strategy("spread", "host")),
        instance("a").tasks(2).build(), instance("b").tasks(0).build());
    assertEquals("b", chosenId(d));
  }

  @Test
  void spreadByAttributePicksTheBucketWithFewestTasks() {
    String az = "ecs.availability-zone";
    PlacementEngine.Decision d = place(need(1, 1), List.of(strategy("spread", "attribute:" + az)),
        instance("a1").attribute(az, "us-east-1a").tasks(1).build(),
        instance("a2").attribute(az, "us-east-1a").tasks(1).build(),
        instance("b1").attribute(az, "us-east-1b").tasks(3).build(),
        instance("c1").attribute(az, "us-east-1c").tasks(1).build());
    assertEquals("c1", chosenId(d));
  }

  @Test
  void spreadByAttributeCountsTasksOnInstancesThatCannotTakeTheTask() {
    String az = "ecs.availability-zone";
    PlacementEngine.Decision d = place(need(512, 1), List.of(strategy("spread", "attribute:" + az)),
        instance("a-full").attribute(az, "us-east-1a").cpu(0).tasks(4).build(),
        instance("a-free").attribute(az, "us-east-1a").tasks(0).build(),
        instance("b").attribute(az, "us-east-1b").tasks(1).build());
    assertEquals("b", chosenId(d));
  }

  @Test
  void spreadByAttributeCountsTasksOnDrainingInstances() {
    String az = "ecs.availability-zone";
    PlacementEngine.Decision d = place(need(1, 1), List.of(strategy("spread", "attribute:" + az)),
        instance("a-draining").attribute(az, "us-east-1a").status(ContainerInstance.DRAINING).tasks(3).build(),
        instance("a").attribute(az, "us-east-1a").tasks(0).build(),
        instance("b").attribute(az, "us-east-1b").tasks(1).build());
    assertEquals("b", chosenId(d));
  }

  @Test
  void instancesWithoutTheAttributeFormOneBucket() {
    String az = "ecs.availability-zone";
    PlacementEngine.Decision d = place(need(1, 1), List.of(strategy("spread", "attribute:" + az)),
        instance("none1").tasks(1).build(),
        instance("none2").tasks(1).build(),
        instance("a").attribute(az, "us-east-1a").tasks(1).build());
    assertEquals("a", chosenId(d));
  }

  @Test
  void randomIsDeterministicUnderASeededRandom() {
    List<ContainerInstance> instances = List.of(instance("a").build(), instance("b").build(), instance("c").build(),
        instance("d").build());
    String first = chosenId(engine.place(need(1, 1), instances, List.of(strategy("random", null)), new Random(7)));
    for (int i = 0; i < 5; i++) {
      assertEquals(first, chosenId(engine.place(need(1, 1), instances, List.of(strategy("random", null)),
          new Random(7))));
    }
  }

  @Test
  void randomResultDoesNotDependOnInputOrder() {
    List<ContainerInstance> forward = List.of(instance("a").build(), instance("b").build(), instance("c").build());
    List<ContainerInstance> backward = List.of(forward.get(2), forward.get(1), forward.get(0));
    assertEquals(chosenId(engine.place(need(1, 1), forward, List.of(), new Random(3))),
        chosenId(engine.place(need(1, 1), backward, List.of(), new Random(3))));
  }

  @Test
  void randomEventuallyUsesEveryFeasibleInstance() {
    List<ContainerInstance> instances = List.of(instance("a").build(), instance("b").build(),
        instance("full").cpu(0).build());
    Random random = new Random(11);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      seen.add(chosenId(engine.place(need(1, 1), instances, List.of(strategy("random", null)), random)));
    }
    assertEquals(Set.of("a", "b"), seen);
  }

  @Test
  void laterStrategyBreaksTiesOfEarlierOne() {
    PlacementEngine.Decision d = place(need(1, 1),
        List.of(strategy("binpack", "cpu"), strategy("spread", "instanceId")),
        instance("a").cpu(1024).tasks(2).build(),
        instance("b").cpu(1024).tasks(0).build(),
        instance("c").cpu(2048).tasks(0).build());
    assertEquals("b", chosenId(d));
  }

  @Test
  void earlierStrategyTakesPrecedence() {
    PlacementEngine.Decision d = place(need(1, 1),
        List.of(strategy("spread", "instanceId"), strategy("binpack", "memory")),
        instance("a").memory(100).tasks(1).build(),
        instance("b").memory(4000).tasks(0).build());
    assertEquals("b", chosenId(d));
  }
}
