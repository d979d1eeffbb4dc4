package dev.berth.core;

import java.time.Duration;

/**
 * Waits a while before trying again (a lease held by someone else, a client token another request
 * is still working on). Injected so that a simulation on a virtual clock can let virtual time pass
 * instead of blocking a thread.
 */
@FunctionalInterface
public interface Pause {
  void pause(Duration duration) throws InterruptedException;

  /** Blocks the calling thread. */
  Pause SLEEP = duration -> Thread.sleep(duration.toMillis());
}
