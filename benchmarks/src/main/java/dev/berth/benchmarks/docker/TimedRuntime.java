package dev.berth.benchmarks.docker;

import dev.berth.agent.runtime.ContainerExit;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.runtime.ContainerState;
import dev.berth.agent.runtime.Started;
import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.TaskSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A runtime that times the engine's part of each task: preparing and starting its containers, and
 * from the stop request until the container has exited and been removed. Per task, in nanoseconds.
 */
final class TimedRuntime implements ContainerRuntime {
  private final ContainerRuntime inner;
  final Map<String, Long> startNanos = new ConcurrentHashMap<>();
  final Map<String, Long> stopNanos = new ConcurrentHashMap<>();
  private final Map<String, String> taskOf = new ConcurrentHashMap<>();
  private final Map<String, Long> stopAskedAt = new ConcurrentHashMap<>();

  TimedRuntime(ContainerRuntime inner) {
    this.inner = inner;
  }

  @Override
  public String version() {
    return inner.version();
  }

  @Override
  public Map<String, String> capabilities() {
    return inner.capabilities();
  }

  @Override
  public void prepare(TaskSpec task) throws ContainerStartException {
    long t = System.nanoTime();
    try {
      inner.prepare(task);
    } finally {
      startNanos.merge(task.taskArn(), System.nanoTime() - t, Long::sum);
    }
  }

  @Override
  public Started start(TaskSpec task, ContainerSpec container) throws ContainerStartException {
    long t = System.nanoTime();
    try {
      Started started = inner.start(task, container);
      taskOf.put(started.runtimeId(), task.taskArn());
      return started;
    } finally {
      startNanos.merge(task.taskArn(), System.nanoTime() - t, Long::sum);
    }
  }

  @Override
  public ContainerExit await(String runtimeId) throws InterruptedException {
    ContainerExit exit = inner.await(runtimeId);
    Long asked = stopAskedAt.get(runtimeId);
    if (asked != null) {
      stopNanos.merge(taskOf.get(runtimeId), System.nanoTime() - asked, Long::sum);
    }
    return exit;
  }

  @Override
  public void stop(String runtimeId, Duration timeout) throws InterruptedException {
    stopAskedAt.put(runtimeId, System.nanoTime());
    inner.stop(runtimeId, timeout);
  }

  @Override
  public void remove(String runtimeId) {
    long t = System.nanoTime();
    inner.remove(runtimeId);
    stopNanos.merge(taskOf.get(runtimeId), System.nanoTime() - t, Long::sum);
  }

  @Override
  public void release(String taskArn) {
    long t = System.nanoTime();
    inner.release(taskArn);
    stopNanos.merge(taskArn, System.nanoTime() - t, Long::sum);
  }

  @Override
  public ContainerState state(String runtimeId) {
    return inner.state(runtimeId);
  }
}
