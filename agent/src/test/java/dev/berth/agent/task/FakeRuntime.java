package dev.berth.agent.task;

import dev.berth.agent.runtime.ContainerExit;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.runtime.Started;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/** Containers in memory: they run until stopped (exit 143) or told to exit. */
final class FakeRuntime implements ContainerRuntime {
  final List<String> calls = new CopyOnWriteArrayList<>();
  final Set<String> failToStart = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<ContainerExit>> exits = new ConcurrentHashMap<>();
  private int next = 1;

  @Override
  public String version() {
    return "fake";
  }

  @Override
  public synchronized Started start(TaskSpec task, ContainerSpec container) throws ContainerStartException {
    calls.add("start " + container.name());
    if (failToStart.contains(container.name())) {
      throw new ContainerStartException("CannotStartContainerError: " + container.name() + " cannot start");
    }
    String id = container.name() + "-" + next++;
    exits.put(id, new CompletableFuture<>());
    return new Started(id, List.of());
  }

  @Override
  public ContainerExit await(String runtimeId) throws InterruptedException {
    try {
      return exit(runtimeId).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop(String runtimeId, Duration timeout) {
    calls.add("stop " + runtimeId + " " + timeout.toSeconds() + "s");
    exit(runtimeId).complete(new ContainerExit(143, null));
  }

  @Override
  public void remove(String runtimeId) {
    calls.add("remove " + runtimeId);
  }

  /** The container ends on its own. */
  void exit(String runtimeId, int code) {
    exit(runtimeId).complete(new ContainerExit(code, null));
  }

  private CompletableFuture<ContainerExit> exit(String runtimeId) {
    return exits.computeIfAbsent(runtimeId, id -> new CompletableFuture<>());
  }
}
