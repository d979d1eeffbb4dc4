package dev.berth.benchmarks.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Places each workload once per (cluster size, strategy, scheduler) and prints a table of what
 * the placements look like: instances used against the lower bound for binpack, the gap between
 * the fullest and the emptiest instance for spread. The rate it prints is one cold run (JIT
 * warm-up included), for orientation only; {@link PlacementBenchmark} measures speed.
 *
 * <p>Usage: {@code PlacementQuality [instances...]} (default 200 2000 10000).
 */
public final class PlacementQuality {
  private static final List<String> SCHEDULERS = List.of("berth", "fenzo");
  /** For spread, also Fenzo stopping at fitness 0.5, to show why {@link FenzoPlacer} does not. */
  private static final List<String> SPREAD_SCHEDULERS = List.of("berth", "fenzo", "fenzo-0.5");

  private PlacementQuality() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Integer.parseInt(arg));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(200, 2000, 10000);
    }
    System.out.println("| instances | tasks | strategy | scheduler | placed | unplaced | used | lower bound | used/LB "
        + "| tasks/instance min-max | max-min | cold run placements/s |");
    System.out.println("|---:|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|");
    for (int size : sizes) {
      Workload workload = Workload.forCluster(size);
      for (Strategy strategy : Strategy.values()) {
        for (String scheduler : strategy == Strategy.SPREAD ? SPREAD_SCHEDULERS : SCHEDULERS) {
          Outcome outcome;
          long start;
          long elapsed;
          try (Placer placer = Placer.create(scheduler, workload, strategy)) {
            start = System.nanoTime();
            outcome = placer.placeAll();
            elapsed = System.nanoTime() - start;
          }
          print(outcome, strategy, scheduler, elapsed);
        }
      }
    }
  }

  private static void print(Outcome o, Strategy strategy, String scheduler, long nanos) {
    Workload w = o.workload();
    System.out.println(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %,d | %,d | %,d | %,d | %.3f | %d-%d | %d | %,.0f |",
        w.instances(), w.tasks().size(), strategy, scheduler, o.placed(), o.unplaced(), o.instancesUsed(),
        w.lowerBound(), o.packingRatio(), o.minTasksPerInstance(), o.maxTasksPerInstance(), o.spreadGap(),
        o.placed() / (nanos / 1e9)));
    System.out.flush();
  }
}
