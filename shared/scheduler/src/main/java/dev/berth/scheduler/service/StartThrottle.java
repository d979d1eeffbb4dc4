package dev.berth.scheduler.service;

import java.time.Duration;

/**
 * The back-off between launches of a service whose tasks keep failing to start. ECS states the
 * shape (delays grow with repeated PENDING to STOPPED failures, up to 15 minutes) but not the
 * steps; these are Berth's: one failure is retried at once, and from the second failure in a row
 * the wait doubles from {@link #FIRST_DELAY} until it reaches {@link #MAX_DELAY}.
 */
public final class StartThrottle {
  /** Consecutive failures before launches are delayed at all. */
  public static final int FAILURES_BEFORE_DELAY = 2;
  public static final Duration FIRST_DELAY = Duration.ofSeconds(10);
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);

  /** How long after the latest failure the next launch waits, given the failures in a row. */
  public static Duration delayAfter(int consecutiveFailures) {
    if (consecutiveFailures < FAILURES_BEFORE_DELAY) {
      return Duration.ZERO;
    }
    int doublings = consecutiveFailures - FAILURES_BEFORE_DELAY;
    if (doublings >= 20) {
      return MAX_DELAY;
    }
    Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  private StartThrottle() {}
}
