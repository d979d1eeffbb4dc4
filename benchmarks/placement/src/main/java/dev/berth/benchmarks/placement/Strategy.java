package dev.berth.benchmarks.placement;

import java.util.Locale;

/** What the schedulers are asked to do with the workload. */
public enum Strategy {
  /** Use as few instances as possible. */
  BINPACK,
  /** Even out the tasks across instances. */
  SPREAD;

  /** "binpack" or "spread", as JMH parameters spell it. */
  public static Strategy of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
