package dev.berth.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which agent-channel connection each container instance's agent holds: one small item per
 * instance, written when its agent connects and removed when it disconnects or a post finds the
 * connection gone. An item carries {@code expiresAt} (the table's TTL attribute): API Gateway closes
 * every WebSocket connection after two hours at most, so an item older than that is stale whatever
 * happened to its {@code $disconnect}, and reads treat it as absent before DynamoDB deletes it.
 */
public interface AgentConnectionStore {
  /** API Gateway's longest WebSocket connection, and so the longest an item can be right. */
  Duration LIFETIME = Duration.ofHours(2);

  /** A connection of an instance's agent. */
  record Connection(String cluster, String instanceId, String connectionId, Instant connectedAt,
      Instant expiresAt) {}

  /** Records {@code connectionId} as the instance's connection, replacing an earlier one. */
  void connected(String cluster, String instanceId, String connectionId, Instant at);

  /** The instance's connection, unless there is none or it has outlived {@link #LIFETIME}. */
  Optional<Connection> get(String cluster, String instanceId, Instant now);

  /**
   * Forgets the instance's connection if it is still {@code connectionId}: a late {@code $disconnect}
   * of an old connection, or a post that found it gone, leaves a newer connection in place.
   */
  boolean disconnected(String cluster, String instanceId, String connectionId);
}
