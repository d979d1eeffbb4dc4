package dev.berth.core.tasks;

import dagger.Lazy;
import dev.berth.core.Retry;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.services.ServiceTriggers;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Task scale-in protection (UpdateTaskProtection, GetTaskProtection). Only a service's tasks that
 * have not stopped can be protected; others are answered with a {@code TASK_NOT_VALID} failure,
 * unknown ones with {@code MISSING}. Protection ends by itself at its expiry: nothing is written
 * then, a task whose expiry has passed simply reads as unprotected.
 */
@Singleton
public final class TaskProtection {
  public static final int DEFAULT_EXPIRES_IN_MINUTES = 120;
  public static final int MAX_EXPIRES_IN_MINUTES = 2880;
  public static final int MAX_TASKS_PER_UPDATE = 10;
  public static final int MAX_TASKS_PER_GET = 100;
  public static final String TASK_NOT_VALID = "TASK_NOT_VALID";
  public static final String MISSING = "MISSING";

  /** A task's protection as ECS reports it; {@code expirationDate} is null when not protected. */
  public record State(Task task, boolean protectionEnabled, Instant expirationDate) {}

  public record Failure(String taskId, String reason, String detail) {}

  public record Result(List<State> protectedTasks, List<Failure> failures) {}

  private final Clusters clusters;
  private final TaskStore store;
  private final Lazy<ServiceTriggers> triggers;
  private final Clock clock;

  @Inject
  public TaskProtection(Clusters clusters, TaskStore store, Lazy<ServiceTriggers> triggers, Clock clock) {
    this.clusters = clusters;
    this.store = store;
    this.triggers = triggers;
    this.clock = clock;
  }

  /**
   * Sets protection until now + {@code expiresInMinutes} (120 when absent), or clears it. Each
   * enabling call starts the expiry afresh. A cleared protection wakes the task's service, which
   * may have been waiting on it to scale in or finish a deployment.
   */
  public Result update(String cluster, List<String> refs, boolean enabled, Integer expiresInMinutes) {
    clusters.require(cluster);
    List<String> ids = ids(cluster, refs, MAX_TASKS_PER_UPDATE);
    int minutes = expiresInMinutes == null ? DEFAULT_EXPIRES_IN_MINUTES : expiresInMinutes;
    if (enabled && (minutes < 1 || minutes > MAX_EXPIRES_IN_MINUTES)) {
      throw EcsException.invalidParameter("expiresInMinutes must be between 1 and " + MAX_EXPIRES_IN_MINUTES + ".");
    }
    Instant now = clock.instant();
    Instant until = enabled ? now.plus(Duration.ofMinutes(minutes)) : null;
    List<State> states = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    var released = new TreeSet<String>();
    for (String id : ids) {
      Optional<Task> updated = Retry.onConflict(() -> store.get(cluster, id).map(task -> {
        if (!protectable(task)) {
          return task;
        }
        Task next = task.withProtection(until);
        store.replace(next, task.version());
        return next;
      }));
      if (updated.isEmpty()) {
        failures.add(missing(id));
      } else if (!protectable(updated.get())) {
        failures.add(notValid(updated.get()));
      } else {
        states.add(state(updated.get(), now));
        if (!enabled) {
          released.add(updated.get().group());
        }
      }
    }
    if (!released.isEmpty()) {
      triggers.get().wakeGroups(cluster, released);
    }
    return new Result(states, failures);
  }

  /** Each named task's protection as it stands now. */
  public Result get(String cluster, List<String> refs) {
    clusters.require(cluster);
    List<String> ids = ids(cluster, refs, MAX_TASKS_PER_GET);
    Instant now = clock.instant();
    var found = store.getAll(cluster, ids);
    List<State> states = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String id : ids) {
      Task task = found.get(id);
      if (task == null) {
        failures.add(missing(id));
      } else if (!protectable(task)) {
        failures.add(notValid(task));
      } else {
        states.add(state(task, now));
      }
    }
    return new Result(states, failures);
  }

  private static List<String> ids(String cluster, List<String> refs, int max) {
    if (refs == null || refs.isEmpty()) {
      throw EcsException.invalidParameter("tasks must name at least one task.");
    }
    if (refs.size() > max) {
      throw EcsException.invalidParameter("tasks can name at most " + max + " tasks.");
    }
    List<String> ids = new ArrayList<>();
    for (String ref : refs) {
      String id = Arns.resourceId("task", ref, cluster);
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** A task started by a service that has not stopped and is not stopping. */
  private static boolean protectable(Task task) {
    return task.serviceTask() && !task.stopped() && !TaskStatus.STOPPED.name().equals(task.desiredStatus());
  }

  private static State state(Task task, Instant now) {
    boolean on = task.protectedAt(now);
    return new State(task, on, on ? task.protectedUntil() : null);
  }

  private static Failure missing(String id) {
    return new Failure(id, MISSING, "The task was not found.");
  }

  private static Failure notValid(Task task) {
    String detail = task.serviceTask()
        ? "The task has stopped or is stopping; only running service tasks can be protected."
        : "The task was not started by a service; only service tasks can be protected.";
    return new Failure(task.id(), TASK_NOT_VALID, detail);
  }
}
