package dev.berth.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Task groups in placement: distinctInstance, group-aware spread, and the closest-match message. */
class PlacementConstraintsTest {
  private final PlacementEngine engine = new PlacementEngine();

  /** An instance holding one task per listed group, in the given zone. */
  private static ContainerInstance instance(String id, String zone, int cpu, int memory, String... groups) {
    Map<String, ContainerInstance.Reservation> reservations = new HashMap<>();
    for (int i = 0; i < groups.length; i++) {
      reservations.put(id + "-t" + i, new ContainerInstance.Reservation(Resources.NONE, Instant.EPOCH, groups[i]));
    }
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(Attribute.of("ecs.availability-zone", zone));
    return new ContainerInstance("c", id, null, ContainerInstance.ACTIVE, null, true,
        List.of(Resource.integer("CPU", 4096), Resource.integer("MEMORY", 8192)), cpu, memory, Set.of(22), Set.of(),
        reservations, attributes, null, Instant.EPOCH, 1, List.of());
  }

  private static PlacementRequest request(String group, List<Constraint> constraints, Strategy... strategies) {
    return new PlacementRequest(new Resources(100, 100, Set.of(), Set.of()), group, constraints, List.of(strategies));
  }

  @Test
  void distinctInstanceSkipsInstancesHoldingATaskOfTheSameGroup() {
    var decision = engine.place(request("web", List.of(Constraint.DISTINCT_INSTANCE)),
        List.of(instance("a", "z1", 4096, 8192, "web"), instance("b", "z1", 4096, 8192, "db")), new Random(1));
    assertEquals("b", decision.chosen().id());
  }

  @Test
  void distinctInstanceReportsItselfWhenItRemovesEveryCandidate() {
    var decision = engine.place(request("web", List.of(Constraint.DISTINCT_INSTANCE)),
        List.of(instance("a", "z1", 4096, 8192, "web"), instance("b", "z1", 4096, 8192, "web")), new Random(1));
    assertNull(decision.chosen());
    assertEquals("DistinctInstance placement constraint unsatisfied.", decision.constraintFailure());
    assertEquals("DistinctInstance placement constraint unsatisfied.", decision.closestMatch());
  }

  @Test
  void spreadByInstanceCountsOnlyTheTasksOfTheSameGroup() {
    // a holds three tasks of another group, b one of ours: spreading "web" prefers a.
    var decision = engine.place(request("web", List.of(), new Strategy.Spread("instanceId")),
        List.of(instance("a", "z1", 4096, 8192, "db", "db", "db"), instance("b", "z1", 4096, 8192, "web")),
        new Random(1));
    assertEquals("a", decision.chosen().id());
  }

  @Test
  void spreadByZoneCountsTheGroupsTasksPerZone() {
    var decision = engine.place(request("web", List.of(), new Strategy.Spread("attribute:ecs.availability-zone")),
        List.of(instance("a", "z1", 4096, 8192, "web"), instance("b", "z1", 4096, 8192),
            instance("c", "z2", 4096, 8192, "db", "db")),
        new Random(1));
    assertEquals("c", decision.chosen().id(), "z2 has no web task yet");
  }

  @Test
  void closestMatchNamesTheInstanceThatPassedTheMostChecks() {
    var need = new PlacementRequest(new Resources(1000, 1000, Set.of(), Set.of()), "web", List.of(), List.of());
    var decision = engine.place(need, List.of(instance("cpu-short", "z1", 500, 8192),
        instance("memory-short", "z1", 4096, 500)), new Random(1));
    assertNull(decision.chosen());
    assertEquals("The closest matching container-instance memory-short has insufficient memory available.",
        decision.closestMatch());
  }

  @Test
  void closestMatchSaysWhenAPortIsTaken() {
    var need = new PlacementRequest(new Resources(10, 10, Set.of(22), Set.of()), "web", List.of(), List.of());
    var decision = engine.place(need, List.of(instance("a", "z1", 4096, 8192)), new Random(1));
    assertEquals("The closest matching container-instance a is already using a port required by your task.",
        decision.closestMatch());
  }

  @Test
  void instancesWithoutTheAttributeShareABucketNoRealValueCanName() {
    ContainerInstance literalNull = instance("a", "null", 4096, 8192);
    ContainerInstance noZone = new ContainerInstance("c", "b", null, ContainerInstance.ACTIVE, null, true,
        literalNull.registeredResources(), 50, 50, Set.of(), Set.of(),
        Map.of("b-t0", new ContainerInstance.Reservation(Resources.NONE, Instant.EPOCH, "web"),
            "b-t1", new ContainerInstance.Reservation(Resources.NONE, Instant.EPOCH, "web")),
        List.of(), null, Instant.EPOCH, 1, List.of());
    var decision = engine.place(request("web", List.of(), new Strategy.Spread("attribute:ecs.availability-zone")),
        List.of(literalNull, noZone, instance("c", "x", 4096, 8192, "web")), new Random(1));
    assertEquals("a", decision.chosen().id(), "zone \"null\" holds no web task; the zoneless instance holds two");
  }
}
