package dev.berth.core.store.memory;

import dev.berth.core.store.AgentConnectionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Agent-channel connections in memory, expiring as DynamoAgentConnectionStore's items do (to the second). */
public final class InMemoryAgentConnectionStore extends Guarded implements AgentConnectionStore {
  private final Table<Connection> table = new Table<>();

  public InMemoryAgentConnectionStore(Clock clock, StoreHooks hooks) {
    super("AgentConnectionStore", clock, hooks);
  }

  @Override
  public void connected(String cluster, String instanceId, String connectionId, Instant at) {
    Connection c = new Connection(cluster, instanceId, connectionId, toMillis(at),
        Instant.ofEpochSecond(at.plus(LIFETIME).getEpochSecond()));
    write("connected", () -> table.put(cluster, instanceId, c));
  }

  @Override
  public Optional<Connection> get(String cluster, String instanceId, Instant now) {
    return readOne("get", () -> table.get(cluster, instanceId)).filter(c -> c.expiresAt().isAfter(now));
  }

  @Override
  public boolean disconnected(String cluster, String instanceId, String connectionId) {
    return write("disconnected", () -> {
      var c = table.get(cluster, instanceId).orElse(null);
      if (c == null || !c.connectionId().equals(connectionId)) {
        return false;
      }
      table.remove(cluster, instanceId);
      return true;
    });
  }
}
