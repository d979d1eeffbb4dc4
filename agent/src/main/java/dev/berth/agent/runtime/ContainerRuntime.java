package dev.berth.agent.runtime;

import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.TaskSpec;
import java.time.Duration;

/**
 * Where containers run: local processes or a Docker engine. Every call may block (a pull, a stop
 * that waits out its timeout), so the agent calls them from the task's own threads.
 */
public interface ContainerRuntime {

  /** What runs the containers, as registered in {@code versionInfo.dockerVersion}. */
  String version();

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
}
