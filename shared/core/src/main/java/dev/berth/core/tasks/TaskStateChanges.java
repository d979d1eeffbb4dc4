package dev.berth.core.tasks;

import dev.berth.core.Retry;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.events.EcsEvents;
import dev.berth.core.services.ServiceTriggers;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.TaskStateQueue;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Container;
import dev.berth.model.ContainerDefinition;
import dev.berth.model.EcsException;
import dev.berth.model.NetworkBinding;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Agent-reported state: accepted onto the task-state queue (acknowledged only once SQS has it),
 * then applied by the task-state function. Applying only moves statuses forward, so duplicates and
 * late or reordered messages change nothing; reaching STOPPED releases the reservation, once.
 */
@Singleton
public final class TaskStateChanges {
  private static final Logger LOG = Logger.getLogger(TaskStateChanges.class.getName());

  private final Clusters clusters;
  private final TaskStore tasks;
  private final TaskStateQueue queue;
  private final TaskFinisher finisher;
  private final ContainerInstanceStore instances;
  private final TaskDefinitionStore definitions;
  private final ServiceTriggers triggers;
  private final Clock clock;
  private final EcsEvents events;

  @Inject
  public TaskStateChanges(Clusters clusters, TaskStore tasks, TaskStateQueue queue, TaskFinisher finisher,
      ContainerInstanceStore instances, TaskDefinitionStore definitions, ServiceTriggers triggers, Clock clock,
      EcsEvents events) {
    this.events = events;
    this.instances = instances;
    this.definitions = definitions;
    this.triggers = triggers;
    this.clusters = clusters;
    this.tasks = tasks;
    this.queue = queue;
    this.finisher = finisher;
    this.clock = clock;
  }

  /** Validates a submitted change against the task it names and puts it on the queue. */
  public void submit(StateChange change) {
    clusters.require(change.cluster());
    Task task = tasks.get(change.cluster(), change.task())
        .orElseThrow(() -> EcsException.invalidParameter("The referenced task was not found."));
    if (change.status() != null) {
      TaskStatus.parse(change.status());
    }
    for (StateChange.ContainerChange c : change.containers()) {
      if (task.containers().stream().noneMatch(existing -> existing.name().equals(c.containerName()))) {
        throw EcsException.invalidParameter("The task has no container named " + c.containerName() + ".");
      }
      if (c.status() != null) {
        TaskStatus.parse(c.status());
      }
    }
    if (!submittedByItsAgent(task, change)) {
      throw EcsException.invalidParameter("The referenced task was not found.");
    }
    StateChange stamped = new StateChange(change.kind(), change.cluster(), change.task(), change.status(),
        change.reason(), change.containers(), change.pullStartedAt(), change.pullStoppedAt(),
        change.executionStoppedAt(), clock.instant(), change.submittedBy());
    queue.send(stamped.toJson());
  }

  /**
   * Validates containers' health published by the agent of {@code instanceId} for its own tasks and
   * puts one HEALTH change per task on the queue. Refuses the whole batch on any bad entry.
   */
  public void submitHealth(String cluster, String instanceId, List<StateChange> changes) {
    clusters.require(cluster);
    for (StateChange change : changes) {
      Task task = tasks.get(cluster, change.task())
          .orElseThrow(() -> EcsException.invalidParameter("The referenced task was not found."));
      if (!instanceId.equals(task.containerInstanceId())) {
        throw EcsException.invalidParameter("Task " + change.task() + " does not run on container instance "
            + instanceId + ".");
      }
      for (StateChange.ContainerChange c : change.containers()) {
        if (task.containers().stream().noneMatch(existing -> existing.name().equals(c.containerName()))) {
          throw EcsException.invalidParameter("The task has no container named " + c.containerName() + ".");
        }
        if (c.healthStatus() == null || !TaskHealth.STATUSES.contains(c.healthStatus())) {
          throw EcsException.invalidParameter("healthStatus must be HEALTHY, UNHEALTHY or UNKNOWN, not "
              + c.healthStatus() + ".");
        }
      }
    }
    Instant now = clock.instant();
    for (StateChange change : changes) {
      queue.send(new StateChange(StateChange.HEALTH, cluster, change.task(), null, null, change.containers(), null,
          null, null, now).toJson());
    }
  }

  /** Applies one queued change. Returns the task as it stands afterwards (empty if unknown). */
  public Optional<Task> apply(StateChange change) {
    // Checked again here: the message crossed a queue, and only the task's own agent may move it.
    Optional<Task> seen = tasks.get(change.cluster(), change.task());
    if (seen.isPresent() && !submittedByItsAgent(seen.get(), change)) {
      LOG.warning("state change for task " + change.cluster() + "/" + change.task() + " from the agent of "
          + change.submittedBy() + ", which does not run it, dropped");
      return Optional.empty();
    }
    if (StateChange.HEALTH.equals(change.kind())) {
      return applyHealth(change);
    }
    Optional<Applied> applied = Retry.onConflict(() -> tasks.get(change.cluster(), change.task()).map(task -> {
      Task next = advance(task, change);
      if (next != task) {
        tasks.replace(next, task.version());
      }
      return new Applied(task, next);
    }));
    Optional<Task> result = applied.map(Applied::after);
    // Ports bound after placement go into the ledger too (idempotent, so a redelivered change that
    // finds the task already written still completes the ledger write a crash interrupted).
    result.filter(t -> !t.stopped() && t.containerInstanceId() != null
            && change.containers().stream().anyMatch(c -> !c.networkBindings().isEmpty()))
        .ifPresent(t -> instances.holdPorts(t.cluster(), t.containerInstanceId(), t.id(),
            t.reservation().tcpPorts(), t.reservation().udpPorts()));
    if (result.isEmpty()) {
      LOG.warning("state change for unknown task " + change.cluster() + "/" + change.task() + " dropped");
    }
    // Always attempt the release for a STOPPED task: it is conditional, and this also finishes a
    // release that a crash interrupted after the task write.
    result.filter(Task::stopped).ifPresent(finisher::release);
    // A RUNNING report marks the task running on its instance's ledger entry (the cluster counts
    // are summed from there). Attempted on every RUNNING report, not only the first, so a crash
    // between the task write and the mark is mended when the message is delivered again.
    if (StateChange.TASK.equals(change.kind()) && TaskStatus.RUNNING.name().equals(change.status())) {
      result.filter(t -> TaskStatus.RUNNING.name().equals(t.lastStatus())).ifPresent(finisher::markRunning);
    }
    // A service task that started or stopped changes what its service must do next. A STOPPED report
    // that finds the task stopped wakes it again: the delivery that stopped it may have died before
    // its wake, and a steady service has nothing else that would look (a start is followed by the
    // service's own timers). A pass that already saw the stop covers the extra trigger cheaply.
    applied.filter(a -> a.statusMoved() || a.after().stopped() && TaskStatus.STOPPED.name().equals(change.status())
            && StateChange.TASK.equals(change.kind()))
        .ifPresent(a -> triggers.wakeGroups(a.after().cluster(), java.util.Collections.singletonList(a.after().group())));
    // The events go out once the writes are done (so they do not stretch the gap between them); each
    // also sends what an earlier delivery of this message wrote but did not live to send.
    result.ifPresent(t -> {
      events.taskChanged(t.cluster(), t.id());
      if (t.containerInstanceId() != null) {
        events.instanceChanged(t.cluster(), t.containerInstanceId());
      }
    });
    return result;
  }

  /** A change from an agent concerns a task on that agent's own instance; one from a user, any task. */
  static boolean submittedByItsAgent(Task task, StateChange change) {
    String agent = change.submittedBy();
    return agent == null || agent.endsWith("/" + task.cluster() + "/" + task.containerInstanceId());
  }


  /**
   * Records the containers' health and derives the task's. A stopped task keeps the health it had;
   * a duplicate changes nothing.
   */
  private Optional<Task> applyHealth(StateChange change) {
    Optional<Applied> applied = Retry.onConflict(() -> tasks.get(change.cluster(), change.task()).map(task ->
        new Applied(task, withHealth(task, change))));
    // a service counts its tasks' health: a change may let a deployment go on, or need a replacement
    applied.filter(a -> !java.util.Objects.equals(a.before().healthStatus(), a.after().healthStatus()))
        .ifPresent(a -> triggers.wakeGroups(a.after().cluster(),
            java.util.Collections.singletonList(a.after().group())));
    return applied.map(Applied::after);
  }

  /** Writes the containers' health and the task's; the same task when nothing changes (or it stopped). */
  private Task withHealth(Task task, StateChange change) {
    if (task.stopped()) {
      return task;
    }
    List<Container> containers = new ArrayList<>();
    for (Container c : task.containers()) {
      Container updated = c;
      for (StateChange.ContainerChange cc : change.containers()) {
        if (cc.containerName().equals(c.name()) && !TaskStatus.STOPPED.name().equals(c.lastStatus())) {
          updated = updated.withHealth(cc.healthStatus());
        }
      }
      containers.add(updated);
    }
    Set<String> essential = new java.util.HashSet<>();
    definitions.get(task.taskDefinitionFamily(), task.taskDefinitionRevision()).ifPresent(d ->
        d.containerDefinitions().stream().filter(ContainerDefinition::essential)
            .forEach(cd -> essential.add(cd.name())));
    String health = TaskHealth.derive(containers, essential);
    if (containers.equals(task.containers()) && java.util.Objects.equals(health, task.healthStatus())) {
      return task;
    }
    Task next = task.withHealth(containers, health);
    tasks.replace(next, task.version());
    events.taskChanged(next.cluster(), next.id());
    return next;
  }


  private record Applied(Task before, Task after) {
    boolean statusMoved() {
      return !before.lastStatus().equals(after.lastStatus());
    }
  }

  /** The task with the change applied, or the same instance when the change brings nothing new. */
  static Task advance(Task task, StateChange change) {
    TaskStatus current = task.status();
    TaskStatus reported = change.kind().equals(StateChange.TASK) ? TaskStatus.parse(change.status()) : null;
    boolean moves = reported != null && reported.after(current);

    boolean containersChanged = false;
    List<Container> containers = new ArrayList<>();
    for (Container c : task.containers()) {
      Container updated = c;
      for (StateChange.ContainerChange cc : change.containers()) {
        if (!cc.containerName().equals(c.name())) {
          continue;
        }
        TaskStatus was = TaskStatus.parse(c.lastStatus());
        TaskStatus now = cc.status() == null ? was : TaskStatus.parse(cc.status());
        boolean forward = now.after(was);
        boolean fillsIn = now == was && (c.exitCode() == null && cc.exitCode() != null
            || c.runtimeId() == null && cc.runtimeId() != null);
        if (forward || fillsIn) {
          updated = updated.withState(now.name(), cc.runtimeId(), cc.exitCode(), cc.reason(), cc.networkBindings());
        }
      }
      containersChanged |= updated != c;
      containers.add(updated);
    }
    if (moves && reported == TaskStatus.STOPPED) {
      // containers the agent did not mention are stopped with their task
      for (int i = 0; i < containers.size(); i++) {
        if (!containers.get(i).lastStatus().equals(TaskStatus.STOPPED.name())) {
          containers.set(i, containers.get(i).withState(TaskStatus.STOPPED.name(), null, null, null, null));
          containersChanged = true;
        }
      }
    }
    boolean pullTimes = task.pullStartedAt() == null && change.pullStartedAt() != null
        || task.pullStoppedAt() == null && change.pullStoppedAt() != null;
    if (!moves && !containersChanged && !pullTimes) {
      return task;
    }
    Instant at = change.receivedAt();
    String status = moves ? reported.name() : task.lastStatus();
    boolean stopped = TaskStatus.STOPPED.name().equals(status);
    Instant startedAt = task.startedAt() == null && moves && reported == TaskStatus.RUNNING ? at : task.startedAt();
    String stopCode = task.stopCode();
    String stoppedReason = task.stoppedReason();
    if (stopped && stopCode == null) {
      boolean everRan = startedAt != null;
      if (everRan) {
        stopCode = Task.STOP_ESSENTIAL_CONTAINER_EXITED;
        stoppedReason = "Essential container in task exited";
      } else {
        // the agent's reason, else the first container's (CannotPullContainerError and the like)
        stopCode = Task.STOP_TASK_FAILED_TO_START;
        stoppedReason = change.reason() != null ? change.reason()
            : containers.stream().map(Container::reason).filter(r -> r != null).findFirst()
                .orElse("Task failed to start");
      }
    }
    Task next = task.withState(status, containers, startedAt,
        stopped && task.stoppingAt() == null ? at : task.stoppingAt(),
        stopped && task.stoppedAt() == null ? at : task.stoppedAt(),
        task.pullStartedAt() != null ? task.pullStartedAt() : change.pullStartedAt(),
        task.pullStoppedAt() != null ? task.pullStoppedAt() : change.pullStoppedAt(),
        stopped && task.executionStoppedAt() == null
            ? (change.executionStoppedAt() != null ? change.executionStoppedAt() : at) : task.executionStoppedAt(),
        stopCode, stoppedReason, stopped ? TaskStatus.STOPPED.name() : task.desiredStatus());
    return next.withReservation(withBoundPorts(task.reservation(), containers));
  }

  /**
   * The reservation plus every host port the containers are bound to: a dynamic port the engine
   * chose is held like a static one until the task is released.
   */
  static Resources withBoundPorts(Resources held, List<Container> containers) {
    Set<Integer> tcp = new TreeSet<>(held.tcpPorts());
    Set<Integer> udp = new TreeSet<>(held.udpPorts());
    for (Container c : containers) {
      for (NetworkBinding b : c.networkBindings()) {
        if (b.hostPort() != null && b.hostPort() > 0) {
          ("udp".equals(b.protocol()) ? udp : tcp).add(b.hostPort());
        }
      }
    }
    if (tcp.equals(held.tcpPorts()) && udp.equals(held.udpPorts())) {
      return held;
    }
    return new Resources(held.cpu(), held.memory(), tcp, udp, held.gpus(), held.gpuIds());
  }
}
