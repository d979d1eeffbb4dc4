package dev.berth.benchmarks.placement;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Places a whole {@link Workload} on a fresh cluster per invocation, with Berth's engine and with
 * Fenzo. The primary score is whole workloads per second; the {@code placements} secondary score
 * is placements per second (the figure to compare). Building the cluster and the schedulers' task
 * objects happens in the per-invocation setup and is not timed. Packing quality comes from
 * {@link PlacementQuality}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PlacementBenchmark {

  @Param({"200", "2000", "10000"})
  public int instances;

  @Param({"binpack", "spread"})
  public String strategy;

  @Param({"berth", "fenzo"})
  public String scheduler;

  private Workload workload;
  private Placer placer;

  /** Counts placements so JMH reports them per second next to the workloads per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Placements {
    public long placements;

    @Setup(Level.Iteration)
    public void reset() {
      placements = 0;
    }
  }

  @Setup(Level.Trial)
  public void workload() {
    workload = Workload.forCluster(instances);
  }

  @Setup(Level.Invocation)
  public void freshCluster() {
    placer = Placer.create(scheduler, workload, Strategy.of(strategy));
  }

  @TearDown(Level.Invocation)
  public void close() {
    placer.close();
  }

  @Benchmark
  public Outcome placeWorkload(Placements counter) {
    Outcome outcome = placer.placeAll();
    counter.placements += outcome.placed();
    return outcome;
  }
}
