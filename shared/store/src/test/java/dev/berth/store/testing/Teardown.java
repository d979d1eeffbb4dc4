package dev.berth.store.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test's set-up opened, released in reverse order: each step is added as soon as it exists,
 * so a set-up that fails part-way still releases exactly what it had opened. Every step is released
 * even when an earlier release fails; the first failure is thrown with the others suppressed.
 */
public final class Teardown implements AutoCloseable {
  /** Releases one opened thing (closes a server, deletes tables). */
  @FunctionalInterface
  public interface Release<T> {
    void release(T opened) throws Exception;
  }

  /** A set-up that adds each thing it opens to {@code teardown}, and hands the teardown to what it returns. */
  @FunctionalInterface
  public interface SetUp<T, E extends Exception> {
    T open(Teardown teardown) throws E;
  }

  private final Deque<Runnable> steps = new ArrayDeque<>();
  private final Deque<Throwable> failures = new ArrayDeque<>();

  /**
   * Runs {@code setUp} with a fresh teardown; if it fails, releases what it had added and throws its
   * failure, with any failure of the release suppressed in it rather than in its place.
   */
  public static <T, E extends Exception> T open(SetUp<T, E> setUp) throws E {
    Teardown teardown = new Teardown();
    try {
      return setUp.open(teardown);
    } catch (Exception | Error e) {
      try {
        teardown.close();
      } catch (RuntimeException | Error release) {
        e.addSuppressed(release);
      }
      throw e;
    }
  }

  /** Adds the release of {@code opened}, to run before everything added earlier; returns {@code opened}. */
  public <T> T add(T opened, Release<? super T> release) {
    steps.push(() -> {
      try {
        release.release(opened);
      } catch (Exception | Error e) {
        failures.add(e);
      }
    });
    return opened;
  }

  /** Releases everything added, the last first. Releasing twice is harmless: each step runs once. */
  @Override
  public void close() {
    while (!steps.isEmpty()) {
      steps.pop().run();
    }
    if (failures.isEmpty()) {
      return;
    }
    Throwable first = failures.poll();
    failures.forEach(first::addSuppressed);
    failures.clear();
    if (first instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (first instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException("releasing a test's resources failed", first);
  }
}
