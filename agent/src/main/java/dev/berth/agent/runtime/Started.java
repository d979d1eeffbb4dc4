package dev.berth.agent.runtime;

import dev.berth.agent.task.NetworkBinding;
import java.util.List;

/** A container that runs: the runtime's id for it and where its ports are bound. */
public record Started(String runtimeId, List<NetworkBinding> networkBindings) {
  public Started {
    networkBindings = List.copyOf(networkBindings);
  }
}
