package dev.berth.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock the control plane's code reads: the virtual clock, plus the skew of the process the
 * current step stands for. A clock-step fault during an operation sets that skew (the process's
 * clock runs ahead of everyone else's by up to the fault's maximum), and it lasts until the step
 * ends: the next step is another invocation, on another host.
 *
 * <p>Only the process's reading moves. The virtual clock, which the stores, the queues, the agents
 * and the event loop keep, does not: a process whose clock is wrong makes the rest of the world
 * neither wait nor hurry. (When the step jumped the virtual clock itself, every other actor stood
 * still for the jump, so 100 steps of up to 20 s froze the whole simulated world for most of its
 * busy phase, and the reconcile queue backed up behind them.)
 */
final class ProcessClock extends Clock {
  private final VirtualClock clock;
  private Duration skew = Duration.ZERO;

  ProcessClock(VirtualClock clock) {
    this.clock = clock;
  }

  @Override
  public Instant instant() {
    return clock.instant().plus(skew);
  }

  /** This process's clock is {@code ahead} ahead of the others, if that is more than it already was. */
  void stepAhead(Duration ahead) {
    if (ahead.compareTo(skew) > 0) {
      skew = ahead;
    }
  }

  Duration skew() {
    return skew;
  }

  /** Another process from here on (a new step, or an operation run in between): its own skew. */
  void setSkew(Duration skew) {
    this.skew = skew;
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
