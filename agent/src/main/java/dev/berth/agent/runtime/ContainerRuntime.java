package dev.berth.agent.runtime;

import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.TaskSpec;
import java.time.Duration;
import java.util.Map;

/**
 * Where containers run: local processes or a Docker engine. Every call may block (a pull, a stop
 * that waits out its timeout), so the agent calls them from the task's own threads.
 */
public interface ContainerRuntime {

  /** What runs the containers, as registered in {@code versionInfo.dockerVersion}. */
  String version();

  /**
   * Creates what the task's containers share before the first one starts (its volumes). The
   * process runtime has nothing to prepare.
   */
  default void prepare(TaskSpec task) throws ContainerStartException {}

  /**
   * The ECS capability attributes the runtime registers (names to values, mostly empty strings),
   * which task definitions that need them are placed by: health checks, container ordering, log
   * drivers, privileged containers.
   */
  default Map<String, String> capabilities() {
    return Map.of();
  }

  /** Starts one container of a task and returns once it runs. */
  Started start(TaskSpec task, ContainerSpec container) throws ContainerStartException;

  /**
   * Waits until the container exits. Also works for a container started by an earlier run of the
   * agent (after a restart), as far as the runtime can follow it.
   */
  ContainerExit await(String runtimeId) throws InterruptedException;

  /** Stops a container: SIGTERM, then SIGKILL once {@code timeout} has passed. */
  void stop(String runtimeId, Duration timeout) throws InterruptedException;

  /** Frees whatever the runtime still holds for a stopped container. */
  void remove(String runtimeId);

  /**
   * Frees what {@link #prepare} created for a task that has stopped (its task-scoped volumes); found
   * by the task's ARN, so it also works for a task started by an earlier run of the agent.
   */
  default void release(String taskArn) {}

  /**
   * The container's state now, health included; the process runtime knows only whether it runs
   * and reports no health.
   */
  default ContainerState state(String runtimeId) {
    return new ContainerState(true, null, ContainerState.UNKNOWN, null);
  }
}
