package dev.berth.core.store;

import java.time.Instant;
import java.util.List;

/**
 * The EventBridge bus ECS's events go to (the account's default bus unless BERTH_EVENT_BUS names
 * another). The client is built on the first event: a function that changes nothing never makes one.
 */
public interface EventBus {
  /** One event: its detail-type, the ARN it is about, its detail as JSON, and when it happened. */
  record Event(String detailType, String resource, String detailJson, Instant time) {}

  /**
   * Puts the events, ten to a call (PutEvents' limit). Returns normally only when EventBridge
   * accepted every one of them; otherwise throws, and the caller keeps them pending.
   */
  void put(List<Event> batch);
}
