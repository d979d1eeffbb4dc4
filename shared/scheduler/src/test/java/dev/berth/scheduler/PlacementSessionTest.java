package dev.berth.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One session kept across a stream of tasks of mixed sizes: each indexed choice is as good as the
 * exact path's (least remaining for binpack, least loaded for spread), and the session stays in
 * step with the updates it is given.
 */
class PlacementSessionTest {
  private static final String GROUP = "family:stream";

  private static List<ContainerInstance> cluster(SplittableRandom random) {
    List<ContainerInstance> out = new ArrayList<>();
    int n = 5 + random.nextInt(40);
    for (int i = 0; i < n; i++) {
      int cpu = 512 + random.nextInt(8) * 512;
      int memory = 1024 + random.nextInt(8) * 1024;
      out.add(new ContainerInstance("c", String.format("i%03d", i), null, ContainerInstance.ACTIVE, null, true,
          List.of(Resource.integer("CPU", cpu), Resource.integer("MEMORY", memory)), cpu, memory, Set.of(), Set.of(),
          Map.of(), List.of(), null, Instant.EPOCH, 1, List.of()));
    }
    return out;
  }

  private static ContainerInstance withTask(ContainerInstance i, String taskId, Resources need) {
    Map<String, ContainerInstance.Reservation> reservations = new HashMap<>(i.reservations());
    reservations.put(taskId, new ContainerInstance.Reservation(need, Instant.EPOCH, GROUP));
    return new ContainerInstance(i.cluster(), i.id(), null, i.status(), null, true, i.registeredResources(),
        i.remainingCpu() - need.cpu(), i.remainingMemory() - need.memory(), Set.of(), Set.of(), reservations,
        List.of(), null, Instant.EPOCH, i.version() + 1, List.of());
  }

  private static long groupLoad(ContainerInstance i) {
    return i.taskGroups().filter(GROUP::equals).count();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void binpackAndSpreadSessionsChooseAsWellAsTheExactPath(long seed) {
    for (Strategy strategy : List.of(new Strategy.Binpack(Strategy.Binpack.Field.CPU),
        new Strategy.Binpack(Strategy.Binpack.Field.MEMORY), new Strategy.Spread("instanceId"))) {
      SplittableRandom random = new SplittableRandom(seed);
      Map<String, ContainerInstance> view = new HashMap<>();
      cluster(random).forEach(i -> view.put(i.id(), i));
      PlacementSession session = new PlacementEngine().session(
          new PlacementRequest(Resources.NONE, GROUP, List.of(), List.of(strategy)), view.values());
      for (int t = 0; t < 300; t++) {
        Resources need = new Resources(64 * (1 + random.nextInt(8)), 128 * (1 + random.nextInt(8)), Set.of(), Set.of());
        List<ContainerInstance> fitting = view.values().stream()
            .filter(i -> i.remainingCpu() >= need.cpu() && i.remainingMemory() >= need.memory()).toList();
        ContainerInstance chosen = session.place(need, random).chosen();
        if (fitting.isEmpty()) {
          assertNull(chosen, strategy + ": nothing fits, nothing chosen");
          continue;
        }
        assertNotNull(chosen, strategy + ": something fits");
        ContainerInstance current = view.get(chosen.id());
        assertEquals(current, chosen, "the session's view matches the updates it was given");
        switch (strategy.toModel().field()) {
          case "cpu" -> assertEquals(fitting.stream().mapToInt(ContainerInstance::remainingCpu).min().orElseThrow(),
              chosen.remainingCpu(), "best fit on CPU");
          case "memory" -> assertEquals(fitting.stream().mapToInt(ContainerInstance::remainingMemory).min().orElseThrow(),
              chosen.remainingMemory(), "best fit on memory");
          default -> assertEquals(fitting.stream().mapToLong(PlacementSessionTest::groupLoad).min().orElseThrow(),
              groupLoad(chosen), "least loaded instance");
        }
        ContainerInstance after = withTask(chosen, "t" + t, need);
        view.put(after.id(), after);
        session.update(after);
      }
    }
  }

  private static final String ZONE = DefaultStrategies.ZONE_ATTRIBUTE;

  private static List<ContainerInstance> zonedCluster(SplittableRandom random) {
    List<ContainerInstance> out = new ArrayList<>();
    for (ContainerInstance i : cluster(random)) {
      List<Attribute> zone = random.nextInt(10) == 0 ? List.of() // an instance without a zone: a bucket of its own
          : List.of(Attribute.of(ZONE, "zone-" + (char) ('a' + random.nextInt(3))));
      out.add(new ContainerInstance(i.cluster(), i.id(), null, i.status(), null, true, i.registeredResources(),
          i.remainingCpu(), i.remainingMemory(), Set.of(), Set.of(), Map.of(), zone, null, Instant.EPOCH, 1, List.of()));
    }
    return out;
  }

  private static ContainerInstance withZonedTask(ContainerInstance i, String taskId, Resources need) {
    ContainerInstance after = withTask(i, taskId, need);
    return new ContainerInstance(after.cluster(), after.id(), null, after.status(), null, true,
        after.registeredResources(), after.remainingCpu(), after.remainingMemory(), Set.of(), Set.of(),
        after.reservations(), i.attributes(), null, Instant.EPOCH, after.version(), List.of());
  }

  /** ECS's default for services: the least loaded zone that can take the task, then the least loaded instance in it. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void theServiceDefaultSpreadsByZoneThenByInstanceAsTheExactPathDoes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, ContainerInstance> view = new HashMap<>();
    zonedCluster(random).forEach(i -> view.put(i.id(), i));
    PlacementRequest request = new PlacementRequest(Resources.NONE, GROUP, List.of(),
        DefaultStrategies.forReplicaService(List.of()));
    PlacementSession session = new PlacementEngine().session(request, view.values());
    for (int t = 0; t < 300; t++) {
      Resources need = new Resources(64 * (1 + random.nextInt(8)), 128 * (1 + random.nextInt(8)), Set.of(), Set.of());
      Map<String, Long> perZone = new HashMap<>();
      view.values().forEach(i -> perZone.merge(PlacementEngine.bucket(i, ZONE), groupLoad(i), Long::sum));
      List<ContainerInstance> fitting = view.values().stream()
          .filter(i -> i.remainingCpu() >= need.cpu() && i.remainingMemory() >= need.memory()).toList();
      ContainerInstance chosen = session.place(need, random).chosen();
      if (fitting.isEmpty()) {
        assertNull(chosen, "nothing fits, nothing chosen");
        continue;
      }
      assertNotNull(chosen, "something fits");
      assertEquals(view.get(chosen.id()), chosen, "the session's view matches the updates it was given");
      long leastZone = fitting.stream().mapToLong(i -> perZone.get(PlacementEngine.bucket(i, ZONE))).min().orElseThrow();
      assertEquals(leastZone, perZone.get(PlacementEngine.bucket(chosen, ZONE)), "a least loaded zone that can take it");
      long leastInstance = fitting.stream().filter(i -> perZone.get(PlacementEngine.bucket(i, ZONE)) == leastZone)
          .mapToLong(PlacementSessionTest::groupLoad).min().orElseThrow();
      assertEquals(leastInstance, groupLoad(chosen), "a least loaded instance of those zones");
      ContainerInstance after = withZonedTask(chosen, "t" + t, need);
      view.put(after.id(), after);
      session.update(after);
    }
  }

  /**
   * Ties go to an instance at random, as on the exact path: were they broken by id, the first task of
   * every new service would land on the same instance of an empty cluster.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"instanceId", "attribute:" + ZONE, "default"})
  void tiedInstancesAreChosenAtRandom(String field) {
    List<Strategy> strategies = field.equals("default") ? DefaultStrategies.forReplicaService(List.of())
        : List.of(new Strategy.Spread(field));
    List<ContainerInstance> empty = zonedCluster(new SplittableRandom(7));
    Set<String> chosen = new java.util.TreeSet<>();
    for (long seed = 0; seed < 50; seed++) {
      PlacementRequest request = new PlacementRequest(new Resources(64, 128, Set.of(), Set.of()), "family:svc" + seed,
          List.of(), strategies);
      chosen.add(new PlacementEngine().session(request, empty).place(new SplittableRandom(seed)).chosen().id());
    }
    assertTrue(chosen.size() > 5, "50 new services' first tasks went to " + chosen);
  }
}
