package dev.berth.core.store.memory;

import dev.berth.core.store.TaskStateQueue;
import java.time.Duration;

/** The task-state queue in memory: a send is visible at once, and answers with the message id. */
public final class InMemoryTaskStateQueue implements TaskStateQueue {
  private static final String NAME = "TaskStateQueue";

  private final InMemoryQueue queue;
  private final StoreHooks hooks;

  public InMemoryTaskStateQueue(InMemoryQueue queue, StoreHooks hooks) {
    this.queue = queue;
    this.hooks = hooks;
  }

  /** The queue itself, for whoever stands in for Lambda's event source. */
  public InMemoryQueue queue() {
    return queue;
  }

  @Override
  public String send(String body) {
    hooks.beforeWrite(NAME, "send");
    String id = queue.send(body, Duration.ZERO);
    hooks.afterWrite(NAME, "send");
    return id;
  }
}
