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

  /** How many wake-ups have been received in all (coalesced or not). */
  public synchronized long received() {
    return received;
  }
}
