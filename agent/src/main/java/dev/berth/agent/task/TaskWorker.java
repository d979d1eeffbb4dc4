package dev.berth.agent.task;

import dev.berth.agent.report.ReportQueue;
import dev.berth.agent.runtime.ContainerExit;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.runtime.Started;
import dev.berth.agent.state.ContainerRecord;
import dev.berth.agent.state.StateStore;
import dev.berth.agent.state.TaskPhase;
import dev.berth.agent.state.TaskRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes one task from PENDING to STOPPED on its own thread: starts its containers in order, reports
 * RUNNING, then waits for a container to exit or a stop request. An essential container's exit or
 * a stop request stops the whole task (each remaining container gets SIGTERM, then SIGKILL after
 * its stop timeout); a container that cannot start fails the task before it ever runs. Every step
 * is written to the state file before it is reported, so a restarted agent knows where it was.
 */
final class TaskWorker implements Runnable {
  private static final Logger LOG = Logger.getLogger(TaskWorker.class.getName());
  static final String RESTARTED_WHILE_STARTING = "The agent restarted while starting the task";
  /** How long a container waits for its dependsOn conditions (the ECS agent's default start timeout). */
  static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private sealed interface Event permits Exited, StopRequested {}

  private record Exited(String container, ContainerExit exit) implements Event {}

  private record StopRequested() implements Event {}

  private final String taskArn;
  /** What to run; null when the task is picked up from the state file after a restart. */
  private final TaskSpec spec;
  private final ContainerRuntime runtime;
  private final StateStore state;
  private final ReportQueue reports;
  private final Executor executor;
  private final Clock clock;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile boolean stopRequested;

  TaskWorker(String taskArn, TaskSpec spec, ContainerRuntime runtime, StateStore state, ReportQueue reports,
      Executor executor, Clock clock) {
    this.taskArn = taskArn;
    this.spec = spec;
    this.runtime = runtime;
    this.state = state;
    this.reports = reports;
    this.executor = executor;
    this.clock = clock;
  }

  String taskArn() {
    return taskArn;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  /** Stops the task (at any point of its life; a no-op once it has stopped). */
  void requestStop() {
    stopRequested = true;
    events.add(new StopRequested());
  }

  @Override
  public void run() {
    try {
      TaskPhase phase = current().phase();
      if (phase == TaskPhase.PENDING) {
        start();
      } else if (phase == TaskPhase.RUNNING) {
        watch(false, null);
      }
    } catch (InterruptedException e) {
      // the agent is shutting down; the containers keep running and the next agent picks them up
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "task " + taskArn + " failed in the agent", e);
    }
  }

  private void start() throws InterruptedException {
    String failure = spec == null ? RESTARTED_WHILE_STARTING : null;
    if (spec != null) {
      try {
        runtime.prepare(spec);
      } catch (ContainerStartException | RuntimeException e) {
        failure = e instanceof ContainerStartException ? e.getMessage() : "CannotCreateVolumeError: " + e;
      }
    }
    DependencyWait dependencies = new DependencyWait(runtime, clock, START_TIMEOUT);
    for (ContainerSpec container : spec == null || failure != null ? List.<ContainerSpec>of() : StartOrder.of(spec)) {
      if (stopRequested) {
        break;
      }
      try {
        dependencies.await(container, name -> current().container(name).runtimeId(), () -> stopRequested);
        if (stopRequested) {
          break;
        }
        Started started = runtime.start(spec, container);
        update(r -> r.withContainer(container.name(), c -> c.started(started.runtimeId(), started.networkBindings()))
            .withPull(started.pullStartedAt(), started.pullStoppedAt()));
      } catch (ContainerStartException | RuntimeException e) {
        failure = e instanceof ContainerStartException ? e.getMessage() : "CannotStartContainerError: " + e;
        String reason = failure;
        update(r -> r.withContainer(container.name(), c -> c.stopped(null, reason)));
        break;
      }
    }
    if (failure != null || stopRequested) {
      watch(true, failure);
      return;
    }
    reports.submit(update(r -> r.withPhase(TaskPhase.RUNNING)).report());
    watch(false, null);
  }

  /**
   * Follows the running containers until none runs, stopping all of them at once when
   * {@code stopNow}, on a stop request, or when an essential one exits; then finishes the task.
   */
  private void watch(boolean stopNow, String reason) throws InterruptedException {
    Set<String> running = new HashSet<>();
    for (ContainerRecord c : current().containers()) {
      if (c.running()) {
        running.add(c.name());
        executor.execute(() -> follow(c.name(), c.runtimeId()));
      }
    }
    boolean stopping = stopNow || stopRequested;
    if (stopping) {
      stopAll(running);
    }
    while (!running.isEmpty()) {
      Event event = events.take();
      if (event instanceof Exited exited && running.remove(exited.container())) {
        TaskRecord now = update(r -> r.withContainer(exited.container(),
            c -> c.stopped(exited.exit().exitCode(), exited.exit().reason())));
        if (stopping) {
          continue;
        }
        if (now.container(exited.container()).essential()) {
          stopping = true;
          stopAll(running);
        } else {
          reports.submit(now.report()); // still RUNNING, with this container STOPPED
        }
      } else if (event instanceof StopRequested && !stopping) {
        stopping = true;
        stopAll(running);
      }
    }
    for (ContainerRecord c : current().containers()) {
      if (c.runtimeId() != null) {
        try {
          runtime.remove(c.runtimeId());
        } catch (RuntimeException e) {
          // what is left behind does not change how the task ended
          LOG.log(Level.WARNING, "could not remove container " + c.name() + " of " + taskArn, e);
        }
      }
    }
    try {
      runtime.release(taskArn);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not remove the volumes of " + taskArn, e);
    }
    reports.submit(update(r -> r.stopped(reason, clock.instant())).report());
  }

  private void follow(String container, String runtimeId) {
    try {
      events.add(new Exited(container, runtime.await(runtimeId)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "lost track of container " + container + " of " + taskArn, e);
      events.add(new Exited(container, new ContainerExit(null, "The agent lost track of the container: " + e)));
    }
  }

  /** Stops the containers in parallel, each with its own timeout; their exits arrive as events. */
  private void stopAll(Set<String> containers) {
    TaskRecord record = current();
    for (String name : containers) {
      ContainerRecord c = record.container(name);
      executor.execute(() -> {
        try {
          runtime.stop(c.runtimeId(), Duration.ofMillis(c.stopTimeoutMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "could not stop container " + name + " of " + taskArn, e);
        }
      });
    }
  }

  private TaskRecord current() {
    return state.task(taskArn).orElseThrow();
  }

  private TaskRecord update(UnaryOperator<TaskRecord> change) {
    return state.update(taskArn, change).orElseThrow();
  }
}
