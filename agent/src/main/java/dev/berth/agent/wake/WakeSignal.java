package dev.berth.agent.wake;

import java.time.Duration;

/**
 * What the poll loop waits on between polls: its interval, or a wake-up, whichever comes first.
 * Wake-ups coalesce: any number of them while a poll runs, or while nobody waits, make exactly one
 * more poll, which sees everything they announced.
 */
public final class WakeSignal {
  private boolean pending;
  private long received;

  /** A wake-up: the next {@link #await} returns at once. */
  public synchronized void wake() {
    pending = true;
    received++;
    notifyAll();
  }

  /**
   * Waits until woken or until {@code timeout} has passed, and takes the pending wake-up.
   *
   * @return true if woken, false if the time ran out
   */
  public synchronized boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    pending = false;
    return true;
  }

  /**
   * As {@link #await(Duration)}, but a wake-up that comes less than {@code minGap} after the last
   * poll ended ({@code lastPollEnd}, from {@link System#nanoTime()}) waits out the rest of the gap,
   * and the wake-ups that arrive meanwhile are taken with it: a burst (fifty StopTasks, say) makes
   * a poll every {@code minGap} at most, each seeing everything announced before it started.
   */
  public synchronized boolean await(Duration timeout, long lastPollEnd, Duration minGap) throws InterruptedException {
    if (!await(timeout)) {
      return false;
    }
    long until = lastPollEnd + minGap.toNanos();
    for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
      wait(Math.max(1, left / 1_000_000));
    }
    pending = false; // the poll that follows covers these too
    return true;
  }

  /** How many wake-ups have been received in all (coalesced or not). */
  public synchronized long received() {
    return received;
  }
}
