package dev.berth.scheduler.service;

import dev.berth.model.service.Deployment;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceThrottle;
import dev.berth.model.service.TaskDefinitionRevision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Counts the service's task failures since the last pass, and its successes, in the order they
 * happened: each failure adds one, each success sets the count back to zero. Two counts come out
 * of the same history, and they differ in what they count:
 *
 * <ul>
 *   <li>each deployment's {@code failedTasks}, what the circuit breaker reads: tasks that failed
 *       to start (stage 1) and tasks stopped because their container health checks failed (stage
 *       2) are failures; a task without health checks succeeds when it reaches RUNNING, one with
 *       health checks while it is seen HEALTHY;
 *   <li>the service's consecutive failures for the current task definition, what the throttle
 *       reads: only tasks that failed to start, and any task reaching RUNNING resets it (tasks that
 *       fail after RUNNING never throttle).
 * </ul>
 *
 * A failure is counted once: the service remembers the stoppedAt and id of the last failure
 * counted, and only later ones are new.
 */
final class StartFailures {

  /** What happened to a task, and which counts it moves. */
  private enum Kind {
    /** STOPPED before RUNNING: a failure for both counts. */
    FAILED_TO_START(true, true),
    /** Stopped for failed container health checks: a failure for the circuit breaker only. */
    FAILED_HEALTH_CHECKS(true, false),
    /** Reached RUNNING without health checks: a success for both counts. */
    STARTED(false, true),
    /** Reached RUNNING with health checks: a success for the throttle, not yet for the breaker. */
    STARTED_CHECKED(false, true),
    /** Seen HEALTHY (at the pass's time, as the moment it became so is not kept): a breaker success. */
    HEALTHY(false, false);

    final boolean failure;
    final boolean throttle;

    Kind(boolean failure, boolean throttle) {
      this.failure = failure;
      this.throttle = throttle;
    }
  }

  /** A failure or a success, at the time it happened. */
  private record Outcome(Instant at, Kind kind, String taskId, String deploymentId) {
    boolean failure() {
      return kind.failure;
    }
  }

  private static final Comparator<Outcome> IN_ORDER = Comparator.comparing(Outcome::at)
      .thenComparing(o -> !o.failure()) // at the same instant, the success wins
      .thenComparing(Outcome::taskId);

  static void observe(Pass pass) {
    Service service = pass.service();
    ServiceThrottle throttle = service.throttle();
    if (!service.taskDefinition().equals(throttle.taskDefinition())) {
      // A new task definition returns the service to normal, non-throttled launching at once.
      throttle = new ServiceThrottle(throttle.countedThrough(), throttle.countedThroughTaskId(),
          service.taskDefinition(), 0, null);
    }
    List<Outcome> outcomes = outcomesSince(pass.tasks(), throttle, pass.now());

    List<Outcome> forBreaker = outcomes.stream().filter(o -> o.kind() != Kind.STARTED_CHECKED).toList();
    for (Deployment d : List.copyOf(pass.deployments())) {
      int failed = count(d.failedTasks(), forBreaker, o -> d.id().equals(o.deploymentId()));
      if (failed != d.failedTasks()) {
        pass.replace(d.withFailedTasks(failed));
      }
    }

    Map<String, TaskDefinitionRevision> taskDefinitions = pass.deployments().stream()
        .collect(Collectors.toMap(Deployment::id, Deployment::taskDefinition));
    TaskDefinitionRevision current = service.taskDefinition();
    Predicate<Outcome> ofCurrent = o -> o.kind().throttle && current.equals(taskDefinitions.get(o.deploymentId()));
    int consecutive = count(throttle.consecutiveFailures(), outcomes, ofCurrent);
    Outcome lastFailure = null;
    Outcome lastCurrentFailure = null;
    for (Outcome o : outcomes) {
      if (o.failure()) {
        lastFailure = o;
        if (ofCurrent.test(o)) {
          lastCurrentFailure = o;
        }
      }
    }
    Instant nextStart = throttle.nextStartAllowedAt();
    if (consecutive == 0) {
      nextStart = null;
    } else if (lastCurrentFailure != null) {
      Duration delay = StartThrottle.delayAfter(consecutive);
      nextStart = delay.isZero() ? null : lastCurrentFailure.at().plus(delay);
    }
    ServiceThrottle updated = new ServiceThrottle(
        lastFailure != null ? lastFailure.at() : throttle.countedThrough(),
        lastFailure != null ? lastFailure.taskId() : throttle.countedThroughTaskId(),
        current, consecutive, nextStart);
    pass.service(service.withThrottle(updated));
    if (lastCurrentFailure != null && consecutive >= StartThrottle.FAILURES_BEFORE_DELAY) {
      pass.event(ServiceEvents.unableToConsistentlyStart(service.name()));
    }
  }

  /**
   * Failures after the counted-through mark, starts that succeeded after its time, and the tasks
   * HEALTHY now, in order. Replaying a success already seen is harmless: it can only reset a count
   * that nothing after it has raised.
   */
  private static List<Outcome> outcomesSince(List<ServiceTask> tasks, ServiceThrottle throttle, Instant now) {
    Instant mark = throttle.countedThrough();
    String markId = Objects.requireNonNullElse(throttle.countedThroughTaskId(), "");
    List<Outcome> out = new ArrayList<>();
    for (ServiceTask t : tasks) {
      Kind failure = t.failedToStart() ? Kind.FAILED_TO_START
          : t.stoppedForHealthChecks() ? Kind.FAILED_HEALTH_CHECKS : null;
      if (failure != null && t.stoppedAt() != null
          && (mark == null || t.stoppedAt().isAfter(mark) || t.stoppedAt().equals(mark) && t.taskId().compareTo(markId) > 0)) {
        out.add(new Outcome(t.stoppedAt(), failure, t.taskId(), t.deploymentId()));
      }
      if (t.reachedRunning() && t.startedAt() != null
          && (mark == null || t.startedAt().isAfter(mark))) {
        Kind started = t.healthChecked() ? Kind.STARTED_CHECKED : Kind.STARTED;
        out.add(new Outcome(t.startedAt(), started, t.taskId(), t.deploymentId()));
      }
      if (t.healthyAt(now) && t.healthChecked()) {
        out.add(new Outcome(now, Kind.HEALTHY, t.taskId(), t.deploymentId()));
      }
    }
    out.sort(IN_ORDER);
    return out;
  }

  private static int count(int start, List<Outcome> outcomes, Predicate<Outcome> which) {
    int n = start;
    for (Outcome o : outcomes) {
      if (which.test(o)) {
        n = o.failure() ? n + 1 : 0;
      }
    }
    return n;
  }

  private StartFailures() {}
}
