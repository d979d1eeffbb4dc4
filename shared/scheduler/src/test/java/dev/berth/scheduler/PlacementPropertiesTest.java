package dev.berth.scheduler;

import static dev.berth.scheduler.PlacementGenerators.apply;
import static dev.berth.scheduler.PlacementGenerators.bucket;
import static dev.berth.scheduler.PlacementGenerators.chance;
import static dev.berth.scheduler.PlacementGenerators.firstUnmet;
import static dev.berth.scheduler.PlacementGenerators.live;
import static dev.berth.scheduler.PlacementGenerators.need;
import static dev.berth.scheduler.PlacementGenerators.pick;
import static dev.berth.scheduler.PlacementGenerators.replace;
import static dev.berth.scheduler.PlacementGenerators.tasksOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.ContainerInstance;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link PlacementEngine#place(PlacementRequest, java.util.Collection, java.util.random.RandomGenerator)}
 * over random clusters and tasks, each case reproducible from its seed.
 */
class PlacementPropertiesTest {
  private final PlacementEngine engine = new PlacementEngine();

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  static LongStream fewerSeeds() {
    return LongStream.range(0, 60);
  }

  // ---- 1. a choice meets every requirement; no choice means nothing could; reasons are exact ----

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void choicesMeetEveryRequirementAndRefusalsAreExact(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ContainerInstance> cluster = PlacementGenerators.cluster(r);
    for (int round = 0; round < 8; round++) {
      PlacementGenerators.Case c = PlacementGenerators.request(r, cluster);
      String where = "seed " + seed + " round " + round + " " + c.request();
      PlacementEngine.Decision d = engine.place(c.request(), cluster, new SplittableRandom(r.nextLong()));
      checkDecision(cluster, c, d, where);
      if (d.chosen() != null && chance(r, 0.7)) {
        replace(cluster, apply(d.chosen(), "task-" + round, c.request().need(), c.request().group()));
      }
    }
  }

  private static void checkDecision(List<ContainerInstance> cluster, PlacementGenerators.Case c,
      PlacementEngine.Decision d, String where) {
    Resources need = c.request().need();

    // Rejections: each live instance short of something, with its first unmet requirement. All of
    // them when nothing is chosen; with a choice the engine may leave them out, but any it reports
    // must be right.
    Map<String, String> expected = new TreeMap<>();
    List<ContainerInstance> fits = new ArrayList<>();
    for (ContainerInstance ci : cluster) {
      if (!live(ci)) {
        continue;
      }
      String reason = firstUnmet(ci, need, c.request().requiredAttributes());
      if (reason == null) {
        fits.add(ci);
      } else {
        expected.put(ci.id(), reason);
      }
    }
    Map<String, String> actual = new TreeMap<>();
    for (PlacementEngine.Rejection rejection : d.rejections()) {
      String previous = actual.put(rejection.instance().id(), rejection.reason());
      assertNull(previous, where + ": instance rejected twice: " + rejection.instance().id());
    }
    for (Map.Entry<String, String> e : actual.entrySet()) {
      assertEquals(expected.get(e.getKey()), e.getValue(), where + ": rejection of " + e.getKey());
    }
    if (d.chosen() == null) {
      assertEquals(expected, actual, where + ": rejections");
    }

    // Constraints, in the request's order.
    List<ContainerInstance> allowed = fits;
    String constraintFailure = null;
    for (PlacementGenerators.Rule rule : c.rules()) {
      if (allowed.isEmpty()) {
        break;
      }
      List<ContainerInstance> next = allowed.stream().filter(rule.allows()).toList();
      if (next.isEmpty()) {
        constraintFailure = rule.constraint().unsatisfied();
      }
      allowed = next;
    }

    if (allowed.isEmpty()) {
      assertNull(d.chosen(), where + ": chose " + (d.chosen() == null ? null : d.chosen().id())
          + " though no instance meets every requirement");
      assertEquals(constraintFailure, d.constraintFailure(), where + ": constraint failure");
      return;
    }
    ContainerInstance chosen = d.chosen();
    assertNotNull(chosen, where + ": nothing chosen though these fit: "
        + allowed.stream().map(ContainerInstance::id).toList());
    assertNull(d.constraintFailure(), where + ": constraint failure reported with a choice");
    assertTrue(cluster.contains(chosen), where + ": chosen instance is not one of the cluster's, as given");
    Set<String> required = c.request().requiredAttributes();
    assertNull(firstUnmet(chosen, need, required), where + ": chosen " + chosen.id() + " lacks "
        + firstUnmet(chosen, need, required));
    for (PlacementGenerators.Rule rule : c.rules()) {
      assertTrue(rule.allows().test(chosen), where + ": chosen " + chosen.id() + " breaks " + rule.constraint());
    }
    Set<String> best = best(cluster, allowed, c.request()).stream().map(ContainerInstance::id)
        .collect(Collectors.toSet());
    assertTrue(best.contains(chosen.id()), where + ": chosen " + chosen.id() + " is not among the strategies' best "
        + best);
  }

  /**
   * The instances the strategies allow, applied in order, each only breaking the ties of the
   * previous ones; a random strategy leaves every tie acceptable.
   */
  private static List<ContainerInstance> best(List<ContainerInstance> cluster, List<ContainerInstance> allowed,
      PlacementRequest request) {
    List<ContainerInstance> ties = allowed;
    for (PlacementStrategy s : Strategy.toModel(request.strategies())) { // the oracle reads ECS's {type, field}
      if (ties.size() == 1 || s.type().equals("random")) {
        break;
      }
      ToLongFunction<ContainerInstance> key;
      if (s.type().equals("binpack")) {
        key = s.field().equals("cpu") ? ContainerInstance::remainingCpu : ContainerInstance::remainingMemory;
      } else {
        Map<String, Long> perBucket = new HashMap<>();
        for (ContainerInstance ci : cluster) {
          if (live(ci)) {
            perBucket.merge(bucket(ci, s.field()), tasksOf(ci, request.group()), Long::sum);
          }
        }
        key = ci -> perBucket.get(bucket(ci, s.field()));
      }
      long min = ties.stream().mapToLong(key).min().orElseThrow();
      ties = ties.stream().filter(ci -> key.applyAsLong(ci) == min).toList();
    }
    return ties;
  }

  // ---- 2. binpack on memory packs about as tightly as first-fit-decreasing ----

  /** Equal instances of this size; tasks are small on CPU, so memory is what binds. */
  private static final int BIN_CPU = 4096;
  private static final int BIN_MEMORY = 8192;

  /**
   * Tasks arriving in random order, placed one by one with binpack on memory, use at most
   * first-fit-decreasing's count plus max(2, 10%): online best fit cannot sort first, and FFD
   * itself is only within 11/9 of optimal.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewerSeeds")
  void binpackInArrivalOrderIsCloseToFirstFitDecreasing(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Resources> tasks = binpackTasks(r);
    int used = placeAllWithBinpack(tasks, r, "seed " + seed);
    int ffd = firstFitDecreasing(tasks);
    int margin = Math.max(2, (int) Math.ceil(ffd * 0.10));
    assertTrue(used <= ffd + margin, "seed " + seed + ": binpack used " + used + " instances, FFD " + ffd
        + ", allowed " + (ffd + margin));
  }

  /** Fed the same tasks largest first, binpack (then best fit decreasing) is within one of FFD. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewerSeeds")
  void binpackLargestFirstMatchesFirstFitDecreasing(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Resources> tasks = new ArrayList<>(binpackTasks(r));
    tasks.sort(Comparator.comparingInt(Resources::memory).reversed());
    int used = placeAllWithBinpack(tasks, r, "seed " + seed);
    int ffd = firstFitDecreasing(tasks);
    assertTrue(used <= ffd + 1, "seed " + seed + ": binpack used " + used + " instances, FFD " + ffd);
  }

  private static List<Resources> binpackTasks(SplittableRandom r) {
    int n = 20 + r.nextInt(181);
    List<Resources> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Mostly small tasks with some large ones, in multiples of 64 MiB.
      int memory = chance(r, 0.2) ? 64 * (32 + r.nextInt(65)) : 64 * (2 + r.nextInt(30));
      tasks.add(need(r.nextInt(65), memory, Set.of(), Set.of()));
    }
    return tasks;
  }

  /** Places every task in order on equal instances (enough of them for all), returns how many were used. */
  private int placeAllWithBinpack(List<Resources> tasks, SplittableRandom r, String where) {
    long total = tasks.stream().mapToLong(Resources::memory).sum();
    int count = (int) (2 * total / BIN_MEMORY) + 2;
    List<ContainerInstance> cluster = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cluster.add(PlacementGenerators.instance(PlacementGenerators.instanceId(i), PlacementGenerators.ec2Id(i),
          ContainerInstance.ACTIVE, true, BIN_CPU, BIN_MEMORY, Map.of(PlacementGenerators.ZONE,
              pick(r, PlacementGenerators.ZONES))));
    }
    List<Strategy> binpack = List.of(new Strategy.Binpack(Strategy.Binpack.Field.MEMORY));
    Set<String> used = new java.util.HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      Resources task = tasks.get(i);
      PlacementEngine.Decision d = engine.place(new PlacementRequest(task, "family:batch", List.of(), binpack),
          cluster, new SplittableRandom(r.nextLong()));
      assertNotNull(d.chosen(), where + ": task " + i + " " + task + " not placed");
      long tighter = cluster.stream().filter(ci -> firstUnmet(ci, task) == null)
          .filter(ci -> ci.remainingMemory() < d.chosen().remainingMemory()).count();
      assertEquals(0, tighter, where + ": task " + i + " not placed on the tightest instance that fits");
      replace(cluster, apply(d.chosen(), "task-" + i, task, "family:batch"));
      used.add(d.chosen().id());
    }
    return used.size();
  }

  /** The baseline: largest memory first, each on the first instance that has room for it. */
  static int firstFitDecreasing(List<Resources> tasks) {
    List<Resources> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparingInt(Resources::memory).reversed());
    List<int[]> bins = new ArrayList<>(); // remaining {cpu, memory}
    for (Resources task : sorted) {
      int[] home = null;
      for (int[] bin : bins) {
        if (bin[0] >= task.cpu() && bin[1] >= task.memory()) {
          home = bin;
          break;
        }
      }
      if (home == null) {
        home = new int[] {BIN_CPU, BIN_MEMORY};
        bins.add(home);
      }
      home[0] -= task.cpu();
      home[1] -= task.memory();
    }
    return bins.size();
  }

  // ---- 3. spread keeps the group's buckets within one of each other ----

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewerSeeds")
  void spreadByInstanceKeepsInstancesWithinOne(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ContainerInstance> cluster = spreadCluster(r);
    placeMany(cluster, r, List.of(new Strategy.Spread(chance(r, 0.5) ? "instanceId" : "host")));
    assertWithinOne(countBy(cluster, ci -> ci.id()), "seed " + seed + " per instance");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewerSeeds")
  void spreadByZoneKeepsZonesWithinOne(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ContainerInstance> cluster = spreadCluster(r);
    placeMany(cluster, r, List.of(DefaultStrategies.SPREAD_BY_ZONE));
    assertWithinOne(countBy(cluster, ci -> ci.attribute(PlacementGenerators.ZONE)), "seed " + seed + " per zone");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewerSeeds")
  void spreadByZoneThenInstanceKeepsBothLevelsWithinOne(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ContainerInstance> cluster = spreadCluster(r);
    placeMany(cluster, r, DefaultStrategies.forReplicaService(List.of()));
    assertWithinOne(countBy(cluster, ci -> ci.attribute(PlacementGenerators.ZONE)), "seed " + seed + " per zone");
    for (String zone : PlacementGenerators.ZONES) {
      Map<String, Long> perInstance = countBy(
          cluster.stream().filter(ci -> zone.equals(ci.attribute(PlacementGenerators.ZONE))).toList(), ci -> ci.id());
      assertWithinOne(perInstance, "seed " + seed + " per instance in " + zone);
    }
  }

  private static final String SPREAD_GROUP = "service:web";

  /**
   * 1-30 ACTIVE instances with room to spare over 1-4 zones, holding tasks of other groups, plus a
   * few DRAINING ones (which take nothing and do not count as buckets below).
   */
  private static List<ContainerInstance> spreadCluster(SplittableRandom r) {
    int n = 1 + r.nextInt(30);
    int zones = 1 + r.nextInt(4);
    List<ContainerInstance> cluster = new ArrayList<>();
    for (int i = 0; i < n + 3; i++) {
      String status = i < n ? ContainerInstance.ACTIVE : ContainerInstance.DRAINING;
      ContainerInstance ci = PlacementGenerators.instance(PlacementGenerators.instanceId(i),
          PlacementGenerators.ec2Id(i), status, true, 4096, 8192,
          Map.of(PlacementGenerators.ZONE, PlacementGenerators.ZONES.get(r.nextInt(zones))));
      int others = r.nextInt(4);
      for (int t = 0; t < others; t++) {
        ci = apply(ci, ci.id() + "-other-" + t, need(64, 64, Set.of(), Set.of()), pick(r, List.of("service:db",
            "family:batch")));
      }
      cluster.add(ci);
    }
    return cluster;
  }

  private void placeMany(List<ContainerInstance> cluster, SplittableRandom r, List<Strategy> strategies) {
    int count = 1 + r.nextInt(3 * cluster.size());
    Resources task = need(16, 16, Set.of(), Set.of());
    for (int i = 0; i < count; i++) {
      PlacementEngine.Decision d = engine.place(new PlacementRequest(task, SPREAD_GROUP, List.of(), strategies),
          cluster, new SplittableRandom(r.nextLong()));
      assertNotNull(d.chosen(), "task " + i + " not placed");
      replace(cluster, apply(d.chosen(), "web-" + i, task, SPREAD_GROUP));
    }
  }

  /** The group's tasks per bucket, over the ACTIVE instances (so every bucket that could take one). */
  private static Map<String, Long> countBy(List<ContainerInstance> cluster,
      java.util.function.Function<ContainerInstance, String> bucket) {
    Map<String, Long> counts = new TreeMap<>();
    for (ContainerInstance ci : cluster) {
      if (ContainerInstance.ACTIVE.equals(ci.status())) {
        counts.merge(bucket.apply(ci), tasksOf(ci, SPREAD_GROUP), Long::sum);
      }
    }
    return counts;
  }

  private static void assertWithinOne(Map<String, Long> counts, String where) {
    if (counts.isEmpty()) {
      return;
    }
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long min = counts.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(max - min <= 1, where + ": counts differ by more than one: " + counts);
  }

  // ---- 4. determinism ----

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewerSeeds")
  void theSameSeedGivesTheSameChoices(long seed) {
    assertEquals(run(seed), run(seed), "seed " + seed);
  }

  /** A sequence of random placements, each applied to the cluster; what was chosen, in order. */
  private List<String> run(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ContainerInstance> cluster = PlacementGenerators.cluster(r);
    SplittableRandom placementRandom = new SplittableRandom(r.nextLong());
    Map<String, String> choices = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      PlacementGenerators.Case c = PlacementGenerators.request(r, cluster);
      PlacementEngine.Decision d = engine.place(c.request(), cluster, placementRandom);
      choices.put("task-" + i, d.chosen() == null ? "-" : d.chosen().id());
      if (d.chosen() != null) {
        replace(cluster, apply(d.chosen(), "task-" + i, c.request().need(), c.request().group()));
      }
    }
    return choices.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
