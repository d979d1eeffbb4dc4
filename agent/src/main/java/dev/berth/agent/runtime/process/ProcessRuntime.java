package dev.berth.agent.runtime.process;

import dev.berth.agent.runtime.ContainerExit;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.runtime.Started;
import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.NetworkBinding;
import dev.berth.agent.task.PortMapping;
import dev.berth.agent.task.TaskSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each container as a local process: its entry point and command, with its environment merged
 * over the agent's, output appended to {@code <data>/tasks/<task id>/<container>.log}, stdin empty.
 * The image is not used. The memory hard limit is applied as an address-space limit when the host
 * has the tools (see {@link ProcessLauncher}); CPU, memory reservation and ports are not enforced.
 *
 * <p>A container's runtime id is {@code <pid>@<start time in epoch ms>}: after a restart the agent
 * can tell its process from a later one that reused the pid.
 */
public final class ProcessRuntime implements ContainerRuntime {
  private final Path dataDir;
  private final Map<String, String> agentEnvironment;
  private final ProcessLauncher launcher;
  /** Processes this run of the agent started, which (unlike adopted ones) give their exit codes. */
  private final Map<String, Process> children = new ConcurrentHashMap<>();

  public ProcessRuntime(Path dataDir, Map<String, String> agentEnvironment, ProcessLauncher launcher) {
    this.dataDir = dataDir;
    this.agentEnvironment = Map.copyOf(agentEnvironment);
    this.launcher = launcher;
  }

  @Override
  public String version() {
    return "process";
  }

  @Override
  public Started start(TaskSpec task, ContainerSpec container) throws ContainerStartException {
    Map<String, String> environment = new HashMap<>(agentEnvironment);
    environment.putAll(container.environment());
    Path workingDir = dataDir.resolve("tasks").resolve(task.taskId());
    List<String> argv = new ArrayList<>(CommandLine.argv(container.name(), container.entryPoint(),
        container.command()));
    argv.set(0, CommandLine.executable(argv.get(0), environment.get("PATH"), workingDir).toString());
    ProcessBuilder builder = new ProcessBuilder(launcher.command(argv, container.memory()))
        .directory(workingDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(workingDir.resolve(container.name() + ".log").toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process;
    try {
      Files.createDirectories(workingDir);
      process = builder.start();
    } catch (IOException e) {
      throw new ContainerStartException("CannotStartContainerError: " + e.getMessage(), e);
    }
    String id = ProcessId.of(process.toHandle()).toString();
    children.put(id, process);
    return new Started(id, bindings(container.portMappings()));
  }

  @Override
  public ContainerExit await(String runtimeId) throws InterruptedException {
    ProcessId id = ProcessId.parse(runtimeId);
    ContainerExit exit = waitFor(runtimeId, id);
    // what the container left behind goes with it, as when a Docker container's PID 1 exits
    launcher.killGroup(id.pid());
    return exit;
  }

  private ContainerExit waitFor(String runtimeId, ProcessId id) throws InterruptedException {
    Process child = children.get(runtimeId);
    if (child != null) {
      return new ContainerExit(child.waitFor(), null);
    }
    Optional<ProcessHandle> adopted = id.find();
    if (adopted.isEmpty()) {
      return new ContainerExit(null, "The process had ended while the agent was not running");
    }
    try {
      adopted.get().onExit().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    return new ContainerExit(null, "Exit code unknown: the process was started by an earlier run of the agent");
  }

  @Override
  public void stop(String runtimeId, Duration timeout) throws InterruptedException {
    Process child = children.get(runtimeId);
    Optional<ProcessHandle> handle = child != null ? Optional.of(child.toHandle()) : ProcessId.parse(runtimeId).find();
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return;
    }
    ProcessHandle process = handle.get();
    process.destroy(); // SIGTERM
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly(); // SIGKILL
      launcher.killGroup(process.pid());
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void remove(String runtimeId) {
    children.remove(runtimeId);
  }

  /**
   * Processes bind the host's ports themselves: a static host port is reported as bound; a dynamic
   * one (host port 0) cannot be assigned here and is not reported.
   */
  private static List<NetworkBinding> bindings(List<PortMapping> mappings) {
    List<NetworkBinding> out = new ArrayList<>();
    for (PortMapping m : mappings) {
      if (m.hostPort() > 0) {
        out.add(new NetworkBinding("0.0.0.0", m.containerPort(), m.hostPort(), m.protocol()));
      }
    }
    return out;
  }
}
