package dev.berth.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulation's only notion of time: it moves when the event loop takes the next event, when a
 * wait in the code under test lets time pass, and when a clock-step fault jumps it. Never backwards.
 */
public final class VirtualClock extends Clock {
  /** Where every run starts, so that two runs of one seed print the same instants. */
  public static final Instant EPOCH = Instant.parse("2030-01-01T00:00:00Z");

  private Instant now = EPOCH;

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves to {@code at} unless the clock is already past it (an event that runs late). */
  public void advanceTo(Instant at) {
    if (at.isAfter(now)) {
      now = at;
    }
  }

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the virtual clock never goes back");
    }
    now = now.plus(by);
  }

  /** Virtual time since the start, as printed in traces: seconds with milliseconds. */
  public String elapsed() {
    return format(Duration.between(EPOCH, now));
  }

  static String format(Duration d) {
    return String.format("%d.%03ds", d.getSeconds(), d.toMillisPart());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the virtual clock is UTC");
  }
}
