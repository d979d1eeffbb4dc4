package dev.berth.agent.task;

import dev.berth.agent.report.ReportQueue;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.state.ContainerRecord;
import dev.berth.agent.state.StateStore;
import dev.berth.agent.state.TaskPhase;
import dev.berth.agent.state.TaskRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * The tasks this agent runs: starts a worker per task, passes stop requests on, picks tasks up
 * again from the state file after a restart, and forgets a task once it has stopped, the control
 * plane has heard so, and it is no longer listed as wanted.
 */
public final class TaskSupervisor {
  static final String NO_RECORD = "The agent has no record of this task";

  private final ContainerRuntime runtime;
  private final StateStore state;
  private final ReportQueue reports;
  private final ExecutorService executor;
  private final Clock clock;
  private final Map<String, TaskWorker> workers = new ConcurrentHashMap<>();

  public TaskSupervisor(ContainerRuntime runtime, StateStore state, ReportQueue reports, ExecutorService executor,
      Clock clock) {
    this.runtime = runtime;
    this.state = state;
    this.reports = reports;
    this.executor = executor;
    this.clock = clock;
  }

  /**
   * Takes up the tasks in the state file: re-sends the report of any status the control plane has
   * not acknowledged, and follows (or finishes) those not yet STOPPED.
   */
  public synchronized void resume() {
    for (TaskRecord task : state.tasks().values()) {
      if (task.phase() != TaskPhase.PENDING && task.phase().after(task.reported())) {
        reports.submit(task.report());
      }
      if (task.phase() != TaskPhase.STOPPED) {
        launch(new TaskWorker(task.taskArn(), null, runtime, state, reports, executor, clock));
      }
    }
  }

  /**
   * Sends the latest state of every task it still keeps once more, so that a report the control
   * plane lost is repaired; the control plane only moves state forward, so a duplicate changes
   * nothing. A task still PENDING is left to its worker.
   */
  public void resendAll() {
    for (TaskRecord task : state.tasks().values()) {
      if (task.phase() != TaskPhase.PENDING) {
        reports.submit(task.report());
      }
    }
  }

  public boolean knows(String taskArn) {
    return state.task(taskArn).isPresent();
  }

  /** Tasks started here that have not stopped yet and have not been asked to. */
  public Set<String> running() {
    return state.tasks().values().stream().filter(t -> t.phase() != TaskPhase.STOPPED).map(TaskRecord::taskArn)
        .filter(arn -> {
          TaskWorker worker = workers.get(arn);
          return worker == null || !worker.stopRequested();
        })
        .collect(Collectors.toSet());
  }

  /** Starts a task the control plane placed here (once: a task it knows is left alone). */
  public synchronized void start(TaskSpec spec) {
    if (knows(spec.taskArn())) {
      return;
    }
    List<ContainerRecord> containers = new ArrayList<>();
    for (ContainerSpec c : spec.containers()) {
      containers.add(new ContainerRecord(c.name(), c.essential(), c.stopTimeout().toMillis(), null, TaskPhase.PENDING,
          null, null, List.of(), c.options().healthCheck() != null));
    }
    TaskRecord task = new TaskRecord(spec.taskArn(), TaskPhase.PENDING, null, null, null, containers);
    state.put(task);
    reports.submit(task.report());
    launch(new TaskWorker(spec.taskArn(), spec, runtime, state, reports, executor, clock));
  }

  /**
   * A task this agent cannot run (its definition cannot be read, or it is listed as running here
   * but this agent never ran it): reported STOPPED with the reason, so its resources come back.
   */
  public synchronized void refuse(String taskArn, String reason) {
    if (knows(taskArn)) {
      return;
    }
    TaskRecord task = new TaskRecord(taskArn, TaskPhase.PENDING, null, null, null, List.of())
        .stopped(reason, clock.instant());
    state.put(task);
    reports.submit(task.report());
  }

  /** Refuses a task listed as running here that this agent has no record of. */
  public void refuseUnknown(String taskArn) {
    refuse(taskArn, NO_RECORD);
  }

  public void stop(String taskArn) {
    TaskWorker worker = workers.get(taskArn);
    if (worker != null) {
      worker.requestStop();
    }
  }

  /** Stops every task (the instance they were placed on is gone). */
  public void stopAll() {
    running().forEach(this::stop);
  }

  /** Forgets finished tasks the control plane no longer lists as wanted on this instance. */
  public synchronized void forgetFinished(Set<String> listedRunning) {
    for (TaskRecord task : state.tasks().values()) {
      if (task.finished() && !listedRunning.contains(task.taskArn())) {
        state.remove(task.taskArn());
        workers.remove(task.taskArn());
      }
    }
  }

  private void launch(TaskWorker worker) {
    workers.put(worker.taskArn(), worker);
    executor.execute(worker);
  }
}
