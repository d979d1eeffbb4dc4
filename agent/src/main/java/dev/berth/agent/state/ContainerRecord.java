package dev.berth.agent.state;

import dev.berth.agent.task.NetworkBinding;
import java.util.List;

/**
 * What the agent knows of one container of a task it runs; enough to stop it and report it after a
 * restart without asking the control plane again.
 *
 * @param runtimeId the runtime's id for it (Docker container id, or process id), null until started
 * @param exitCode null until it stopped, and when the runtime could not tell
 * @param healthChecked whether it has a health check, whose results the agent publishes
 */
public record ContainerRecord(String name, boolean essential, long stopTimeoutMillis, String runtimeId,
    TaskPhase status, Integer exitCode, String reason, List<NetworkBinding> networkBindings, boolean healthChecked) {

  public ContainerRecord {
    networkBindings = networkBindings == null ? List.of() : List.copyOf(networkBindings);
  }

  public ContainerRecord(String name, boolean essential, long stopTimeoutMillis, String runtimeId, TaskPhase status,
      Integer exitCode, String reason, List<NetworkBinding> networkBindings) {
    this(name, essential, stopTimeoutMillis, runtimeId, status, exitCode, reason, networkBindings, false);
  }

  public ContainerRecord started(String id, List<NetworkBinding> bindings) {
    return new ContainerRecord(name, essential, stopTimeoutMillis, id, TaskPhase.RUNNING, null, null, bindings,
        healthChecked);
  }

  public ContainerRecord stopped(Integer code, String why) {
    return new ContainerRecord(name, essential, stopTimeoutMillis, runtimeId, TaskPhase.STOPPED, code, why,
        networkBindings, healthChecked);
  }

  public boolean running() {
    return status == TaskPhase.RUNNING;
  }
}
