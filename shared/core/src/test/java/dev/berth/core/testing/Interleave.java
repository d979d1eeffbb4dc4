package dev.berth.core.testing;

import dev.berth.core.store.memory.StoreHooks;
import java.util.ArrayList;
import java.util.List;

/**
 * Store hooks that run another actor's step at a chosen point of a use case: just before one of
 * its writes, or just after one of its reads, as a concurrent request would. What the step itself
 * writes or reads triggers nothing.
 */
public final class Interleave implements StoreHooks {
  private record Step(boolean write, String store, String operation, Runnable action, boolean once) {}

  private final List<Step> steps = new ArrayList<>();
  private final java.util.Map<String, Integer> writes = new java.util.HashMap<>();
  private boolean inStep;

  /** How many writes {@code store.operation} the use case made (the steps' own not counted). */
  public int writes(String store, String operation) {
    return writes.getOrDefault(store + "." + operation, 0);
  }

  /** Runs {@code action} before the next write {@code store.operation}. */
  public Interleave beforeNextWrite(String store, String operation, Runnable action) {
    steps.add(new Step(true, store, operation, action, true));
    return this;
  }

  /** Runs {@code action} before every write {@code store.operation}. */
  public Interleave beforeEveryWrite(String store, String operation, Runnable action) {
    steps.add(new Step(true, store, operation, action, false));
    return this;
  }

  /** Runs {@code action} after the next read {@code store.operation}. */
  public Interleave afterNextRead(String store, String operation, Runnable action) {
    steps.add(new Step(false, store, operation, action, true));
    return this;
  }

  @Override
  public void beforeWrite(String store, String operation) {
    if (!inStep) {
      writes.merge(store + "." + operation, 1, Integer::sum);
    }
    run(true, store, operation);
  }

  @Override
  public void read(String store, String operation, int items) {
    run(false, store, operation);
  }

  private void run(boolean write, String store, String operation) {
    if (inStep) {
      return;
    }
    for (Step step : List.copyOf(steps)) {
      if (step.write() == write && step.store().equals(store) && step.operation().equals(operation)) {
        if (step.once()) {
          steps.remove(step);
        }
        inStep = true;
        try {
          step.action().run();
        } finally {
          inStep = false;
        }
        return;
      }
    }
  }
}
