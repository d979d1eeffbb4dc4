package dev.berth.simulation;

import dev.berth.model.EcsException;
import dev.berth.model.OptimisticLockException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Makes a client's call into a use case and sorts out how it ended: an answer, an ECS error (the
 * client's problem, or "try again"), a race lost more times than the use case retries, or a crash
 * of the process serving it. Anything else is a bug, and a violation.
 */
final class Calls {
  private final Map<String, Long> outcomes = new TreeMap<>();
  private final Invariants invariants;

  Calls(Invariants invariants) {
    this.invariants = invariants;
  }

  <T> Optional<T> call(String operation, Supplier<T> call) {
    return call(operation, call, false);
  }

  /** Like {@link #call}, but an ECS error is handed back to the caller (an agent reacts to some). */
  <T> Optional<T> callOrThrowEcs(String operation, Supplier<T> call) {
    return call(operation, call, true);
  }

  private <T> Optional<T> call(String operation, Supplier<T> call, boolean rethrowEcs) {
    try {
      T result = call.get();
      count(operation + " ok");
      return Optional.ofNullable(result);
    } catch (SimulatedCrash crash) {
      count(operation + " crashed");
    } catch (EcsException e) {
      count(operation + " " + e.code());
      if (rethrowEcs) {
        throw e;
      }
    } catch (OptimisticLockException e) {
      count(operation + " lost its races");
    } catch (RuntimeException e) {
      unexpected(operation, e);
    }
    return Optional.empty();
  }

  void unexpected(String operation, RuntimeException e) {
    count(operation + " " + e.getClass().getSimpleName());
    StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
    invariants.violation("unexpected exception", operation, e + (at == null ? "" : " at " + at));
  }

  void count(String outcome) {
    outcomes.merge(outcome, 1L, Long::sum);
  }

  Map<String, Long> outcomes() {
    return outcomes;
  }
}
