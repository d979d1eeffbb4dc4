package dev.berth.core.store.memory;

import dev.berth.core.store.ReconcileQueue;
import java.time.Duration;
import java.util.List;

/** The reconcile queue in memory: SqsReconcileQueue's delays (whole seconds, capped) and batches of ten. */
public final class InMemoryReconcileQueue implements ReconcileQueue {
  private static final String NAME = "ReconcileQueue";

  private final InMemoryQueue queue;
  private final StoreHooks hooks;

  public InMemoryReconcileQueue(InMemoryQueue queue, StoreHooks hooks) {
    this.queue = queue;
    this.hooks = hooks;
  }

  /** The queue itself, for whoever stands in for Lambda's event source. */
  public InMemoryQueue queue() {
    return queue;
  }

  @Override
  public void send(String body, Duration delay) {
    long seconds = Math.min(MAX_DELAY.toSeconds(), Math.max(0, delay.toSeconds()));
    hooks.beforeWrite(NAME, "send");
    queue.send(body, Duration.ofSeconds(seconds));
    hooks.afterWrite(NAME, "send");
  }

  @Override
  public int sendAll(List<String> bodies) {
    int calls = 0;
    for (int from = 0; from < bodies.size(); from += 10) {
      hooks.beforeWrite(NAME, "sendAll");
      bodies.subList(from, Math.min(bodies.size(), from + 10)).forEach(b -> queue.send(b, Duration.ZERO));
      hooks.afterWrite(NAME, "sendAll");
      calls++;
    }
    return calls;
  }
}
