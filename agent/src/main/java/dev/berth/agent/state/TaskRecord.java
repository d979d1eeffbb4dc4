package dev.berth.agent.state;

import dev.berth.agent.report.TaskStateReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the agent knows of one task it runs: how far it got, what the control plane has been told,
 * and its containers.
 *
 * @param reported the last status delivered to (or dropped by) the control plane; null if none
 * @param stoppedReason why it stopped when that was not a plain exit or a stop request
 * @param executionStoppedAtMillis when its last container stopped (epoch ms), null before
 * @param pullStartedAtMillis when the first image pull started (epoch ms), null if none
 * @param pullStoppedAtMillis when the last image pull ended (epoch ms), null if none
 */
public record TaskRecord(String taskArn, TaskPhase phase, TaskPhase reported, String stoppedReason,
    Long executionStoppedAtMillis, List<ContainerRecord> containers, Long pullStartedAtMillis,
    Long pullStoppedAtMillis) {

  public TaskRecord {
    containers = List.copyOf(containers);
  }

  public TaskRecord(String taskArn, TaskPhase phase, TaskPhase reported, String stoppedReason,
      Long executionStoppedAtMillis, List<ContainerRecord> containers) {
    this(taskArn, phase, reported, stoppedReason, executionStoppedAtMillis, containers, null, null);
  }

  /** Records an image pull: the first start and the last end. */
  public TaskRecord withPull(Instant started, Instant stopped) {
    if (started == null) {
      return this;
    }
    return new TaskRecord(taskArn, phase, reported, stoppedReason, executionStoppedAtMillis, containers,
        pullStartedAtMillis != null ? pullStartedAtMillis : Long.valueOf(started.toEpochMilli()),
        stopped.toEpochMilli());
  }

  public TaskRecord withPhase(TaskPhase next) {
    return new TaskRecord(taskArn, next, reported, stoppedReason, executionStoppedAtMillis, containers, pullStartedAtMillis,
        pullStoppedAtMillis);
  }

  public TaskRecord stopped(String reason, Instant at) {
    return new TaskRecord(taskArn, TaskPhase.STOPPED, reported, reason, at.toEpochMilli(), containers, pullStartedAtMillis,
        pullStoppedAtMillis);
  }

  public TaskRecord withReported(TaskPhase status) {
    return status.after(reported)
        ? new TaskRecord(taskArn, phase, status, stoppedReason, executionStoppedAtMillis, containers,
        pullStartedAtMillis, pullStoppedAtMillis) : this;
  }

  public TaskRecord withContainer(String name, UnaryOperator<ContainerRecord> change) {
    List<ContainerRecord> next = new ArrayList<>();
    for (ContainerRecord c : containers) {
      next.add(c.name().equals(name) ? change.apply(c) : c);
    }
    return new TaskRecord(taskArn, phase, reported, stoppedReason, executionStoppedAtMillis, next, pullStartedAtMillis,
        pullStoppedAtMillis);
  }

  public ContainerRecord container(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** The report of where the task stands now. */
  public TaskStateReport report() {
    List<TaskStateReport.Container> list = new ArrayList<>();
    if (phase != TaskPhase.PENDING) {
      for (ContainerRecord c : containers) {
        // a container that never started is reported stopped with its task
        TaskPhase status = phase == TaskPhase.STOPPED ? TaskPhase.STOPPED : c.status();
        list.add(new TaskStateReport.Container(c.name(), c.runtimeId(), status.name(), c.exitCode(), c.reason(),
            c.networkBindings()));
      }
    }
    return new TaskStateReport(taskArn, phase.name(), phase == TaskPhase.STOPPED ? stoppedReason : null, list,
        executionStoppedAtMillis == null ? null : Instant.ofEpochMilli(executionStoppedAtMillis),
        pullStartedAtMillis == null ? null : Instant.ofEpochMilli(pullStartedAtMillis),
        pullStoppedAtMillis == null ? null : Instant.ofEpochMilli(pullStoppedAtMillis));
  }

  /** Everything has happened and the control plane has heard all of it. */
  public boolean finished() {
    return phase == TaskPhase.STOPPED && reported == TaskPhase.STOPPED;
  }
}
