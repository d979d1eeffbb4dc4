package dev.berth.agent.runtime;

import dev.berth.agent.task.NetworkBinding;
import java.time.Instant;
import java.util.List;

/**
 * A container that runs: the runtime's id for it, where its ports are bound, and when its image
 * pull started and ended (null when nothing was pulled).
 */
public record Started(String runtimeId, List<NetworkBinding> networkBindings, Instant pullStartedAt,
    Instant pullStoppedAt) {
  public Started {
    networkBindings = List.copyOf(networkBindings);
  }

  public Started(String runtimeId, List<NetworkBinding> networkBindings) {
    this(runtimeId, networkBindings, null, null);
  }
}
