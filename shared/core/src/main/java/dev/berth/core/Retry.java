package dev.berth.core;

import dev.berth.model.OptimisticLockException;
import java.util.function.Supplier;

/** Re-runs a read-modify-write that lost an optimistic race, a bounded number of times. */
public final class Retry {
  public static final int ATTEMPTS = 8;

  public static <T> T onConflict(Supplier<T> action) {
    OptimisticLockException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return action.get();
      } catch (OptimisticLockException e) {
        last = e;
        Thread.onSpinWait();
      }
    }
    throw last;
  }

  private Retry() {}
}
