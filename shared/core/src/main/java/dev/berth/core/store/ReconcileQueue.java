package dev.berth.core.store;

import java.time.Duration;
import java.util.List;

/** The reconcile SQS queue: each message asks the reconciler for one pass (see ReconcileTarget). */
public interface ReconcileQueue {
  /** SQS's longest message delay. */
  Duration MAX_DELAY = Duration.ofMinutes(15);

  /** Sends after {@code delay}, capped at {@link #MAX_DELAY}; returns only once SQS has it. */
  void send(String body, Duration delay);

  /** Sends many, ten to a batch call; returns how many calls it made. */
  int sendAll(List<String> bodies);
}
