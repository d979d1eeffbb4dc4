package dev.berth.benchmarks.placement;

/**
 * One scheduler's side of the comparison. Construction builds a cluster of identical empty
 * instances and the scheduler's own form of the workload's tasks (not timed); {@link #placeAll}
 * places every task, one at a time in workload order, updating the scheduler's view of the cluster
 * after each placement (timed). Single use: a fresh placer per run.
 */
public interface Placer extends AutoCloseable {
  Outcome placeAll();

  @Override
  default void close() {}

  /**
   * A placer for {@code scheduler}: "berth", "fenzo" (tuned as {@link FenzoPlacer} describes) or
   * "fenzo-0.5" (Fenzo stopping at the first host whose fitness is above 0.5, whatever the strategy).
   */
  static Placer create(String scheduler, Workload workload, Strategy strategy) {
    return switch (scheduler) {
      case "berth" -> new BerthPlacer(workload, strategy);
      case "fenzo" -> new FenzoPlacer(workload, strategy);
      case "fenzo-0.5" -> new FenzoPlacer(workload, strategy, FenzoPlacer.GOOD_ENOUGH);
      default -> throw new IllegalArgumentException("unknown scheduler: " + scheduler);
    };
  }
}
