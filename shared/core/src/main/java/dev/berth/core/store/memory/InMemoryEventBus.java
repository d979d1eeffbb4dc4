package dev.berth.core.store.memory;

import dev.berth.core.store.EventBus;
import java.util.ArrayList;
import java.util.List;

/**
 * The event bus in memory: keeps every event put, in order, ten to a call as EventBridgeBus sends
 * them. A hook that throws before a call makes the put fail with nothing of that call kept; one
 * that throws after keeps the call's events (EventBridge has them) while the caller sees a failure.
 */
public final class InMemoryEventBus implements EventBus {
  private static final String NAME = "EventBus";

  private final StoreHooks hooks;
  private final List<Event> events = new ArrayList<>();

  public InMemoryEventBus(StoreHooks hooks) {
    this.hooks = hooks;
  }

  @Override
  public void put(List<Event> batch) {
    for (int from = 0; from < batch.size(); from += 10) {
      hooks.beforeWrite(NAME, "put");
      List<Event> call = List.copyOf(batch.subList(from, Math.min(batch.size(), from + 10)));
      synchronized (this) {
        events.addAll(call);
      }
      hooks.afterWrite(NAME, "put");
    }
  }

  /** Every event put so far, oldest first. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }
}
