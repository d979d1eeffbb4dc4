package dev.berth.core.tasks;

import dev.berth.core.Page;
import dev.berth.core.Retry;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.events.EcsEvents;
import dev.berth.core.instances.AgentWakeups;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.inject.Inject;
import javax.inject.Singleton;

/** StopTask, DescribeTasks and ListTasks. */
@Singleton
public final class Tasks {
  private final Clusters clusters;
  private final TaskStore store;
  private final ServiceStore services;
  private final Clock clock;
  private final EcsEvents events;
  private final AgentWakeups wakeups;

  @Inject
  public Tasks(Clusters clusters, TaskStore store, ServiceStore services, Clock clock, EcsEvents events,
      AgentWakeups wakeups) {
    this.events = events;
    this.wakeups = wakeups;
    this.services = services;
    this.clusters = clusters;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Sets desiredStatus STOPPED; the agent stops the task and its STOPPED report releases the
   * resources. Stopping a task that is already stopping or stopped returns it unchanged.
   */
  public Task stop(String cluster, String taskRef, String reason) {
    clusters.require(cluster);
    if (reason != null && reason.length() > 255) {
      throw EcsException.invalidParameter("reason must be at most 255 characters long.");
    }
    String id = Arns.resourceId("task", taskRef, cluster);
    boolean[] changed = {false};
    Task result = Retry.onConflict(() -> {
      Task task = require(cluster, id);
      if (task.stopped() || TaskStatus.STOPPED.name().equals(task.desiredStatus())) {
        return task;
      }
      Task next = task.stopRequested(Task.STOP_USER_INITIATED,
          reason == null || reason.isEmpty() ? "Task stopped by user" : reason, clock.instant());
      store.replace(next, task.version());
      events.taskChanged(next.cluster(), next.id());
      changed[0] = true;
      return next;
    });
    if (changed[0]) {
      wakeups.wake(cluster, result.containerInstanceId());
    }
    return result;
  }

  /**
   * A stop the control plane asks for (the service scheduler): desiredStatus STOPPED with its stop
   * code and reason. Empty if there is no such task; a task already stopping is left as it is.
   */
  public Optional<Task> stopFor(String cluster, String id, String stopCode, String reason) {
    boolean[] changed = {false};
    Optional<Task> result = Retry.onConflict(() -> store.get(cluster, id).map(task -> {
      if (task.stopped() || TaskStatus.STOPPED.name().equals(task.desiredStatus())) {
        return task;
      }
      Task next = task.stopRequested(stopCode, reason, clock.instant());
      store.replace(next, task.version());
      events.taskChanged(next.cluster(), next.id());
      changed[0] = true;
      return next;
    }));
    if (changed[0]) {
      wakeups.wake(cluster, result.get().containerInstanceId());
    }
    return result;
  }

  public Task require(String cluster, String id) {
    return store.get(cluster, id)
        .orElseThrow(() -> EcsException.invalidParameter("The referenced task was not found."));
  }

  /** Found tasks and the references that were not found. */
  public record Described(List<Task> tasks, List<String> missing) {}

  public Described describe(String cluster, List<String> refs) {
    clusters.require(cluster);
    if (refs == null || refs.isEmpty()) {
      throw EcsException.invalidParameter("Tasks cannot be empty.");
    }
    if (refs.size() > 100) {
      throw EcsException.invalidParameter("At most 100 tasks can be described at once.");
    }
    List<Task> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String ref : refs) {
      Optional<Task> task = store.get(cluster, Arns.resourceId("task", ref, cluster));
      task.ifPresentOrElse(found::add, () -> missing.add(ref));
    }
    return new Described(found, missing);
  }

  /** ListTasks' filters. */
  public record Filter(String containerInstance, String family, String serviceName, String startedBy,
      String desiredStatus, String launchType) {}

  public Page<Task> list(String cluster, Filter filter, Integer maxResults, String nextToken) {
    clusters.require(cluster);
    if (filter.startedBy() != null && Stream.of(filter.containerInstance(), filter.family(), filter.serviceName(),
        filter.desiredStatus()).anyMatch(v -> v != null)) {
      throw EcsException.invalidParameter("startedBy cannot be combined with other filters.");
    }
    String serviceGroup = null;
    if (filter.serviceName() != null) {
      String name = Arns.serviceName(filter.serviceName(), cluster);
      services.get(cluster, name).filter(sv -> sv.service().status() != ServiceStatus.INACTIVE)
          .orElseThrow(EcsException::serviceNotFound);
      serviceGroup = Service.GROUP_PREFIX + name;
    }
    String group = serviceGroup;
    String desired = filter.desiredStatus() == null ? "RUNNING" : filter.desiredStatus();
    if (!List.of("RUNNING", "PENDING", "STOPPED").contains(desired)) {
      throw EcsException.invalidParameter("desiredStatus must be RUNNING, PENDING or STOPPED.");
    }
    if (filter.launchType() != null && !List.of("EC2", "FARGATE", "EXTERNAL").contains(filter.launchType())) {
      throw EcsException.invalidParameter("Invalid launchType: " + filter.launchType());
    }
    String instance = filter.containerInstance() == null ? null
        : Arns.resourceId("container-instance", filter.containerInstance(), cluster);
    List<Task> candidates = instance != null ? store.listByContainerInstance(instance) : store.inCluster(cluster);
    List<Task> matching = candidates.stream()
        .filter(t -> t.cluster().equals(cluster))
        .filter(t -> filter.startedBy() != null ? filter.startedBy().equals(t.startedBy())
            : desired.equals(t.desiredStatus()) && !desired.equals("PENDING"))
        .filter(t -> filter.family() == null || filter.family().equals(t.taskDefinitionFamily()))
        .filter(t -> group == null || group.equals(t.group()))
        .filter(t -> filter.launchType() == null || filter.launchType().equals("EC2"))
        .sorted(java.util.Comparator.comparing(Task::id))
        .toList();
    return Page.of(matching, Task::id, maxResults, nextToken, 100);
  }
}
