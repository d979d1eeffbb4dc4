package dev.berth.simulation;

import dev.berth.core.store.memory.InMemoryQueue;
import dev.berth.core.store.memory.StoreHooks;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The faults that strike the stores and queues, and the meter of what they are asked to do. At a
 * store write it may crash the operation in progress (before the write, or after it with the
 * answer lost), run another operation in between (so the first one's conditional write meets a
 * change it did not read), or step the clock of the process doing it forward. On a queue it
 * duplicates and delays messages. Faults strike only while armed, and never while the simulation
 * itself looks at the stores.
 */
final class FaultInjector implements StoreHooks, InMemoryQueue.Faults {
  private final Settings.Faults rates;
  private final RandomGenerator random;
  private final ProcessClock clock;
  private final CostMeter meter;
  private final Map<String, Long> injected = new TreeMap<>();
  private boolean armed;
  private int suspended;
  private boolean interleaving;
  /** Runs another operation now; set by the simulation once it can run them. */
  private Runnable interleave = () -> {};

  FaultInjector(Settings.Faults rates, RandomGenerator random, ProcessClock clock, CostMeter meter) {
    this.rates = rates;
    this.random = random;
    this.clock = clock;
    this.meter = meter;
  }

  void interleaveWith(Runnable operation) {
    this.interleave = operation;
  }

  void arm(boolean on) {
    armed = on;
  }

  boolean armed() {
    return armed && suspended == 0;
  }

  /** The simulation's own reads (invariants, bookkeeping): neither counted nor faulted. */
  void suspend() {
    suspended++;
  }

  void resume() {
    suspended--;
  }

  /** Whether a fault of this rate strikes now; counted under {@code kind} when it does. */
  boolean strike(String kind, double rate) {
    if (!armed() || rate <= 0 || random.nextDouble() >= rate) {
      return false;
    }
    count(kind);
    return true;
  }

  void count(String kind) {
    injected.merge(kind, 1L, Long::sum);
  }

  Map<String, Long> injected() {
    return injected;
  }

  long total() {
    return injected.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public void beforeWrite(String store, String operation) {
    if (suspended > 0) {
      return;
    }
    if (strike("crash before a write", rates.crash() / 2)) {
      throw new SimulatedCrash("before " + store + "." + operation);
    }
    meter.write(store);
    if (!interleaving && strike("operation interleaved at a write", rates.conflict())) {
      interleaving = true;
      Duration skew = clock.skew();
      clock.setSkew(Duration.ZERO); // another invocation, on another host
      try {
        interleave.run();
      } finally {
        interleaving = false;
        clock.setSkew(skew);
      }
    }
    if (strike("clock step during an operation", rates.conflict() / 4)) {
      clock.stepAhead(Duration.ofMillis(1 + random.nextLong(Math.max(1, rates.maxClockStep().toMillis()))));
    }
  }

  @Override
  public void afterWrite(String store, String operation) {
    if (suspended > 0) {
      return;
    }
    if (strike("crash after a write", rates.crash() / 2)) {
      throw new SimulatedCrash("after " + store + "." + operation);
    }
  }

  @Override
  public void read(String store, String operation, int items) {
    if (suspended == 0) {
      meter.read(store, items);
    }
  }

  @Override
  public int copies(String body) {
    return strike("queue message duplicated", rates.duplicate()) ? 2 : 1;
  }

  @Override
  public Duration extraDelay(String body) {
    return strike("queue message delayed", rates.delay()) ? Duration.ofSeconds(1 + random.nextInt(60)) : Duration.ZERO;
  }
}
