package dev.berth.core.store.memory;

import dev.berth.core.store.HeartbeatStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Heartbeats in memory: one unconditional write per report, to the millisecond. */
public final class InMemoryHeartbeatStore extends Guarded implements HeartbeatStore {
  private final Table<Instant> table = new Table<>();

  public InMemoryHeartbeatStore(Clock clock, StoreHooks hooks) {
    super("HeartbeatStore", clock, hooks);
  }

  @Override
  public void record(String cluster, String instanceId, Instant at) {
    write("record", () -> table.put(cluster, instanceId, toMillis(at)));
  }

  @Override
  public Optional<Instant> last(String cluster, String instanceId) {
    return readOne("last", () -> table.get(cluster, instanceId));
  }

  @Override
  public Map<String, Instant> inCluster(String cluster) {
    return read("inCluster", () -> {
      Map<String, Instant> out = new LinkedHashMap<>();
      table.entries(cluster).forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }, Map::size);
  }
}
