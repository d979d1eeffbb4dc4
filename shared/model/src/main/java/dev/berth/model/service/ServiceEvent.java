package dev.berth.model.service;

import java.time.Instant;
import java.util.Objects;

/** One entry of a service's event log (ECS's ServiceEvent shape). */
public record ServiceEvent(String id, Instant createdAt, String message) {
  public ServiceEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(message, "message");
  }
}
