package dev.berth.core.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * When each container instance's agent last reported in: one small item per instance, apart from
 * the ledger item, so a heartbeat is a cheap unconditional write that never contends with
 * placements on the instance.
 */
public interface HeartbeatStore {
  void record(String cluster, String instanceId, Instant at);

  Optional<Instant> last(String cluster, String instanceId);

  /** The last heartbeat of every instance of a cluster that has sent one. */
  Map<String, Instant> inCluster(String cluster);
}
