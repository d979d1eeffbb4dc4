package dev.berth.simulation;

import java.util.random.RandomGenerator;

/**
 * Which visible message a queue hands out next: the oldest, except when a reordering fault strikes,
 * then any of them.
 */
final class DeliveryOrder implements RandomGenerator {
  private final FaultInjector faults;
  private final RandomGenerator random;
  private final double rate;

  DeliveryOrder(FaultInjector faults, RandomGenerator random, double rate) {
    this.faults = faults;
    this.random = random;
    this.rate = rate;
  }

  @Override
  public int nextInt(int bound) {
    if (bound > 1 && faults.strike("queue message delivered out of order", rate)) {
      return 1 + random.nextInt(bound - 1);
    }
    return 0;
  }

  @Override
  public long nextLong() {
    return random.nextLong();
  }
}
