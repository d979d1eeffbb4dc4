package dev.berth.core.store.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What every in-memory store shares: one lock that makes each call atomic, as a single DynamoDB
 * request is, the hooks told of each request, and the clock that stamps writes. Times are kept to
 * the millisecond, as the DynamoDB items keep them.
 */
abstract class Guarded {
  private final String name;
  private final StoreHooks hooks;
  final Clock clock;

  Guarded(String name, Clock clock, StoreHooks hooks) {
    this.name = name;
    this.clock = clock;
    this.hooks = hooks;
  }

  /**
   * One write request: the hooks hear of it before and after, whether its condition held or not;
   * a refusal thrown by {@code body} (an OptimisticLockException, say) reaches the caller after.
   */
  final <T> T write(String operation, Supplier<T> body) {
    hooks.beforeWrite(name, operation);
    T result;
    RuntimeException refused = null;
    synchronized (this) {
      try {
        result = body.get();
      } catch (RuntimeException e) {
        refused = e;
        result = null;
      }
    }
    hooks.afterWrite(name, operation);
    if (refused != null) {
      throw refused;
    }
    return result;
  }

  final void write(String operation, Runnable body) {
    write(operation, () -> {
      body.run();
      return null;
    });
  }

  /** One read request, reported with how many items it returned. */
  final <T> T read(String operation, Supplier<T> body, ToIntFunction<T> items) {
    T result;
    synchronized (this) {
      result = body.get();
    }
    hooks.read(name, operation, items.applyAsInt(result));
    return result;
  }

  /** One read of at most one item. */
  final <T> java.util.Optional<T> readOne(String operation, Supplier<java.util.Optional<T>> body) {
    return read(operation, body, found -> found.isPresent() ? 1 : 0);
  }

  /** Now, to the millisecond. */
  final Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  static long millis(Instant at) {
    return at.toEpochMilli();
  }

  static Instant toMillis(Instant at) {
    return Stored.millis(at);
  }
}
