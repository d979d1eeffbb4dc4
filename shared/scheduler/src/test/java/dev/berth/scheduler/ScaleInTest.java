package dev.berth.scheduler;

import static dev.berth.scheduler.PlacementGenerators.apply;
import static dev.berth.scheduler.PlacementGenerators.need;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.ContainerInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScaleInTest {
  private static final String WEB = "service:web";
  private static final Strategy SPREAD_ZONE = DefaultStrategies.SPREAD_BY_ZONE;
  private static final Strategy SPREAD_INSTANCE = DefaultStrategies.SPREAD_BY_INSTANCE;
  private static final Strategy BINPACK_MEMORY = new Strategy.Binpack(Strategy.Binpack.Field.MEMORY);
  private static final Strategy BINPACK_CPU = new Strategy.Binpack(Strategy.Binpack.Field.CPU);
  private static final Strategy RANDOM = DefaultStrategies.RANDOM;

  /**
   * An instance in the zone with {@code remainingMemory} left once its tasks hold theirs: one task of
   * the service per entry of {@code taskMemory}, named {@code <id>-<n>}.
   */
  private static ContainerInstance instance(String id, String zone, int remainingMemory, int... taskMemory) {
    int held = 0;
    for (int m : taskMemory) {
      held += m;
    }
    ContainerInstance ci = PlacementGenerators.instance(id, "i-" + id, ContainerInstance.ACTIVE, true, 4096,
        remainingMemory + held, zone == null ? Map.of() : Map.of(DefaultStrategies.ZONE_ATTRIBUTE, zone));
    for (int n = 0; n < taskMemory.length; n++) {
      ci = apply(ci, id + "-" + n, need(10, taskMemory[n], Set.of(), Set.of()), WEB);
    }
    return ci;
  }

  /** An instance with {@code tasks} tasks of the service, 100 MiB each, and plenty left. */
  private static ContainerInstance tasks(String id, String zone, int tasks) {
    int[] memory = new int[tasks];
    java.util.Arrays.fill(memory, 100);
    return instance(id, zone, 4000, memory);
  }

  private static List<String> stop(List<ContainerInstance> instances, List<Strategy> strategies, int count,
      long seed) {
    return ScaleIn.tasksToStop(instances, WEB, strategies, count, new SplittableRandom(seed));
  }

  private static String instanceOf(String taskId) {
    return taskId.substring(0, taskId.lastIndexOf('-'));
  }

  private static Map<String, Integer> perInstance(List<String> taskIds) {
    Map<String, Integer> out = new TreeMap<>();
    taskIds.forEach(t -> out.merge(instanceOf(t), 1, Integer::sum));
    return out;
  }

  // ---- the default: zone with the most, then instance with the most ----

  @Test
  void withNoStrategyTheFirstStopIsInTheBusiestZoneOnItsBusiestInstance() {
    // Zone a holds 4 (a1: 3, a2: 1), b holds 2, c holds 3 (on c1 alone).
    List<ContainerInstance> cluster = List.of(tasks("a1", "a", 3), tasks("a2", "a", 1), tasks("b1", "b", 2),
        tasks("c1", "c", 3));
    for (long seed = 0; seed < 20; seed++) {
      assertEquals("a1", instanceOf(stop(cluster, List.of(), 1, seed).get(0)), "seed " + seed);
    }
  }

  @Test
  void withNoStrategyTheZonesEndBalanced() {
    List<ContainerInstance> cluster = List.of(tasks("a1", "a", 3), tasks("a2", "a", 3), tasks("b1", "b", 2),
        tasks("c1", "c", 1));
    // Zones 6/2/1: four stops all come from a (6 -> 2), two from each of its instances.
    for (long seed = 0; seed < 20; seed++) {
      List<String> stopped = stop(cluster, null, 4, seed);
      assertEquals(Map.of("a1", 2, "a2", 2), perInstance(stopped), "seed " + seed);
    }
  }

  @Test
  void aLeadingRandomStrategyUsesTheDefault() {
    List<ContainerInstance> cluster = List.of(tasks("a1", "a", 1), tasks("b1", "b", 4), tasks("b2", "b", 1));
    for (long seed = 0; seed < 10; seed++) {
      assertEquals(stop(cluster, List.of(), 3, seed), stop(cluster, List.of(RANDOM), 3, seed));
      assertEquals(stop(cluster, List.of(), 3, seed), stop(cluster, List.of(RANDOM, BINPACK_MEMORY), 3, seed));
      assertEquals("b1", instanceOf(stop(cluster, List.of(RANDOM), 1, seed).get(0)));
    }
  }

  // ---- spread ----

  @Test
  void spreadByInstanceTakesFromTheLargestBucketFirst() {
    List<ContainerInstance> cluster = List.of(tasks("x", "a", 3), tasks("y", "a", 1), tasks("z", "b", 2));
    for (long seed = 0; seed < 20; seed++) {
      assertEquals("x", instanceOf(stop(cluster, List.of(SPREAD_INSTANCE), 1, seed).get(0)));
      // 3/1/2, stop 3 -> 1/1/1.
      assertEquals(Map.of("x", 2, "z", 1), perInstance(stop(cluster, List.of(SPREAD_INSTANCE), 3, seed)));
    }
  }

  @Test
  void spreadByZoneIgnoresHowTasksSitWithinAZone() {
    // Zone a: 2 + 2; zone b: 3 on one instance. By zone, a is the larger bucket.
    List<ContainerInstance> cluster = List.of(tasks("a1", "a", 2), tasks("a2", "a", 2), tasks("b1", "b", 3));
    Set<String> firstInstances = new HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      String first = instanceOf(stop(cluster, List.of(SPREAD_ZONE), 1, seed).get(0));
      assertTrue(first.startsWith("a"), "seed " + seed + ": " + first);
      firstInstances.add(first);
    }
    assertEquals(Set.of("a1", "a2"), firstInstances, "within the zone the choice is random");
  }

  @Test
  void instancesWithoutTheAttributeShareABucket() {
    List<ContainerInstance> cluster = List.of(tasks("n1", null, 2), tasks("n2", null, 2), tasks("a1", "a", 3));
    for (long seed = 0; seed < 10; seed++) {
      assertTrue(instanceOf(stop(cluster, List.of(SPREAD_ZONE), 1, seed).get(0)).startsWith("n"));
    }
  }

  @Test
  void hostIsInstanceId() {
    List<ContainerInstance> cluster = List.of(tasks("x", "a", 3), tasks("y", "a", 1), tasks("z", "b", 2));
    for (long seed = 0; seed < 10; seed++) {
      assertEquals(stop(cluster, List.of(SPREAD_INSTANCE), 4, seed),
          stop(cluster, List.of(new Strategy.Spread("host")), 4, seed));
    }
  }

  // ---- binpack ----

  @Test
  void binpackStopsTheTaskWhoseInstanceIsLeftWithTheMost() {
    // p: 100 free + 500 held = 600 after; q: 3000 free + 200 held = 3200 after.
    List<ContainerInstance> cluster = List.of(instance("p", "a", 100, 500), instance("q", "a", 3000, 200));
    assertEquals(List.of("q-0", "p-0"), stop(cluster, List.of(BINPACK_MEMORY), 2, 1));
  }

  @Test
  void binpackPrefersTheLargerTaskOnTheSameInstance() {
    List<ContainerInstance> cluster = List.of(instance("p", "a", 1000, 100, 900));
    assertEquals(List.of("p-1", "p-0"), stop(cluster, List.of(BINPACK_MEMORY), 2, 1));
  }

  @Test
  void binpackCountsWhatEarlierStopsFreed() {
    // r: 1000 free, tasks 300 and 300 -> 1300 each; s: 1200 free, task 200 -> 1400.
    // First s-0 (1400); then r's tasks (1300), then the other r task at 1300 + 300 = 1600.
    List<ContainerInstance> cluster = List.of(instance("r", "a", 1000, 300, 300), instance("s", "b", 1200, 200));
    List<String> order = stop(cluster, List.of(BINPACK_MEMORY), 3, 7);
    assertEquals("s-0", order.get(0));
    assertEquals(Set.of("r-0", "r-1"), Set.copyOf(order.subList(1, 3)));
    // With s holding two tasks, emptying it frees the most: after s-0 goes, s is at 1400 + 200.
    List<ContainerInstance> two = List.of(instance("r", "a", 1000, 300), instance("s", "b", 1200, 200, 200));
    assertEquals(Set.of("s-0", "s-1"), Set.copyOf(stop(two, List.of(BINPACK_MEMORY), 2, 3)));
  }

  @Test
  void binpackOnCpuLooksAtCpu() {
    ContainerInstance lowCpu = PlacementGenerators.instance("c1", "i-c1", ContainerInstance.ACTIVE, true, 512, 8000,
        Map.of());
    lowCpu = apply(lowCpu, "c1-0", need(256, 100, Set.of(), Set.of()), WEB);
    ContainerInstance highCpu = PlacementGenerators.instance("c2", "i-c2", ContainerInstance.ACTIVE, true, 4096, 600,
        Map.of());
    highCpu = apply(highCpu, "c2-0", need(256, 100, Set.of(), Set.of()), WEB);
    List<ContainerInstance> cluster = List.of(lowCpu, highCpu);
    assertEquals("c2-0", stop(cluster, List.of(BINPACK_CPU), 1, 0).get(0));
    assertEquals("c1-0", stop(cluster, List.of(BINPACK_MEMORY), 1, 0).get(0));
  }

  @Test
  void laterStrategiesOnlyBreakTies() {
    // Zone a holds more tasks; within it, binpack picks the instance left with the most memory.
    List<ContainerInstance> cluster = List.of(instance("a1", "a", 200, 100, 100), instance("a2", "a", 3000, 100),
        instance("b1", "b", 9000, 100));
    assertEquals("a2-0", stop(cluster, List.of(SPREAD_ZONE, BINPACK_MEMORY), 1, 0).get(0));
    assertEquals("b1-0", stop(cluster, List.of(BINPACK_MEMORY, SPREAD_ZONE), 1, 0).get(0));
    // A random after binpack changes nothing: binpack decides, random breaks its ties.
    assertEquals("b1-0", stop(cluster, List.of(BINPACK_MEMORY, RANDOM), 1, 0).get(0));
  }

  // ---- the task set ----

  @Test
  void onlyTheServiceTasksAreChosen() {
    ContainerInstance ci = tasks("a1", "a", 2);
    ci = apply(ci, "other-0", need(10, 10, Set.of(), Set.of()), "service:db");
    ci = apply(ci, "other-1", need(10, 10, Set.of(), Set.of()), "family:batch");
    List<String> all = stop(List.of(ci, tasks("b1", "b", 1)), List.of(), 10, 0);
    assertEquals(Set.of("a1-0", "a1-1", "b1-0"), Set.copyOf(all));
    assertEquals(3, all.size());
  }

  @Test
  void countsBeyondTheTasksReturnThemAllAndZeroReturnsNone() {
    List<ContainerInstance> cluster = List.of(tasks("a1", "a", 2), tasks("b1", "b", 1));
    assertEquals(3, stop(cluster, List.of(), 99, 0).size());
    assertEquals(List.of(), stop(cluster, List.of(), 0, 0));
    assertEquals(List.of(), stop(List.of(), List.of(), 3, 0));
    assertThrows(IllegalArgumentException.class, () -> stop(cluster, List.of(), -1, 0));
  }

  @Test
  void amongOnlyTheGivenTasksCountAndTasksWithoutAnInstanceGoFirst() {
    // a1 holds 3, b1 holds 2; a1-0 and a1-1 are already stopping and left out, so b1 is the larger bucket.
    List<ContainerInstance> cluster = List.of(tasks("a1", "a", 3), tasks("b1", "b", 2));
    List<String> among = List.of("a1-2", "b1-0", "b1-1", "gone-1", "gone-0");
    List<String> order = ScaleIn.tasksToStopAmong(cluster, among, List.of(SPREAD_INSTANCE), 3, new SplittableRandom(0));
    assertEquals(List.of("gone-0", "gone-1"), order.subList(0, 2));
    assertEquals("b1", instanceOf(order.get(2)));
    assertEquals(List.of("gone-0"),
        ScaleIn.tasksToStopAmong(cluster, among, List.of(), 1, new SplittableRandom(0)));
  }

  // ---- properties ----

  static LongStream seeds() {
    return LongStream.range(0, 100);
  }

  /** A service's tasks over random instances and zones, with other groups' tasks beside them. */
  private static List<ContainerInstance> randomService(SplittableRandom r) {
    int n = 1 + r.nextInt(20);
    int zones = 1 + r.nextInt(4);
    List<ContainerInstance> cluster = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "ci" + i;
      String zone = r.nextInt(10) == 0 ? null : "z" + r.nextInt(zones);
      ContainerInstance ci = PlacementGenerators.instance(id, "i-" + i, ContainerInstance.ACTIVE, true, 8192,
          8192, zone == null ? Map.of() : Map.of(DefaultStrategies.ZONE_ATTRIBUTE, zone));
      int tasks = r.nextInt(6);
      for (int t = 0; t < tasks; t++) {
        ci = apply(ci, id + "-" + t, need(r.nextInt(512), 64 + r.nextInt(1024), Set.of(), Set.of()), WEB);
      }
      if (r.nextInt(3) == 0) {
        ci = apply(ci, id + "-other", need(10, 10, Set.of(), Set.of()), "service:db");
      }
      cluster.add(ci);
    }
    return cluster;
  }

  /** The service's remaining tasks per bucket once the stopped ones are gone. */
  private static Map<String, Long> remainingBy(List<ContainerInstance> cluster, Set<String> stopped, String field) {
    Map<String, Long> counts = new HashMap<>();
    for (ContainerInstance ci : cluster) {
      ci.reservations().forEach((taskId, res) -> {
        if (WEB.equals(res.group()) && !stopped.contains(taskId)) {
          counts.merge(PlacementGenerators.bucket(ci, field), 1L, Long::sum);
        }
      });
    }
    return counts;
  }

  /**
   * Spread on one field leaves the largest bucket as small as any choice of stops could: the
   * lowest level L with sum(min(count, L)) at least the number of tasks left.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void spreadLeavesTheLargestBucketAsSmallAsPossible(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ContainerInstance> cluster = randomService(r);
    String field = r.nextBoolean() ? "instanceId" : "attribute:" + DefaultStrategies.ZONE_ATTRIBUTE;
    Map<String, Long> before = remainingBy(cluster, Set.of(), field);
    long total = before.values().stream().mapToLong(Long::longValue).sum();
    int count = (int) (total == 0 ? 0 : r.nextLong(total + 1));
    List<String> stopped = ScaleIn.tasksToStop(cluster, WEB, List.of(new Strategy.Spread(field)), count,
        new SplittableRandom(r.nextLong()));
    assertEquals(count, stopped.size());
    assertEquals(count, Set.copyOf(stopped).size(), "no task chosen twice");
    Map<String, Long> after = remainingBy(cluster, Set.copyOf(stopped), field);
    long left = total - count;
    long level = 0;
    while (sumCapped(before, level) < left) {
      level++;
    }
    long largest = after.values().stream().mapToLong(Long::longValue).max().orElse(0);
    assertEquals(level, largest, "seed " + seed + " " + field + ": before " + before + " after " + after);
    // No bucket was cut below the level while another stayed above it.
    for (Map.Entry<String, Long> e : before.entrySet()) {
      long now = after.getOrDefault(e.getKey(), 0L);
      assertTrue(now >= Math.min(e.getValue(), level - 1), "seed " + seed + ": " + e.getKey() + " cut to " + now);
    }
  }

  private static long sumCapped(Map<String, Long> counts, long level) {
    return counts.values().stream().mapToLong(c -> Math.min(c, level)).sum();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theSameSeedGivesTheSameOrder(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ContainerInstance> cluster = randomService(r);
    List<Strategy> strategies = new ArrayList<>();
    int n = r.nextInt(3);
    for (int i = 0; i < n; i++) {
      strategies.add(PlacementGenerators.strategy(r));
    }
    long choiceSeed = r.nextLong();
    List<String> first = ScaleIn.tasksToStop(cluster, WEB, strategies, 1000, new SplittableRandom(choiceSeed));
    List<String> second = ScaleIn.tasksToStop(new ArrayList<>(cluster), WEB, strategies, 1000,
        new SplittableRandom(choiceSeed));
    assertEquals(first, second, "seed " + seed + " " + strategies);
  }
}
