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
 * Counts tasks that failed to start since the last pass, and tasks that reached RUNNING, in the
 * order they happened: each failure adds one, each start that succeeded sets the count back to
 * zero. Two counts come out of the same history: each deployment's {@code failedTasks} (what the
 * circuit breaker reads) and the service's consecutive failures for the current task definition
 * (what the throttle reads). A failure is counted once: the service remembers the stoppedAt and id
 * of the last failure counted, and only later ones are new.
 */
final class StartFailures {

  /** A failure (STOPPED before RUNNING) or a success (reached RUNNING), at the time it happened. */
  private record Outcome(Instant at, boolean failure, String taskId, String deploymentId) {}

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
    List<Outcome> outcomes = outcomesSince(pass.tasks(), throttle);

    for (Deployment d : List.copyOf(pass.deployments())) {
      int failed = count(d.failedTasks(), outcomes, o -> d.id().equals(o.deploymentId()));
      if (failed != d.failedTasks()) {
        pass.replace(d.withFailedTasks(failed));
      }
    }

    Map<String, TaskDefinitionRevision> taskDefinitions = pass.deployments().stream()
        .collect(Collectors.toMap(Deployment::id, Deployment::taskDefinition));
    TaskDefinitionRevision current = service.taskDefinition();
    Predicate<Outcome> ofCurrent = o -> current.equals(taskDefinitions.get(o.deploymentId()));
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
   * Failures after the counted-through mark, and starts that succeeded after its time, in order.
   * Replaying a success already seen is harmless: it can only reset a count that nothing after it
   * has raised.
   */
  private static List<Outcome> outcomesSince(List<ServiceTask> tasks, ServiceThrottle throttle) {
    Instant mark = throttle.countedThrough();
    String markId = Objects.requireNonNullElse(throttle.countedThroughTaskId(), "");
    List<Outcome> out = new ArrayList<>();
    for (ServiceTask t : tasks) {
      if (t.failedToStart() && t.stoppedAt() != null
          && (mark == null || t.stoppedAt().isAfter(mark) || t.stoppedAt().equals(mark) && t.taskId().compareTo(markId) > 0)) {
        out.add(new Outcome(t.stoppedAt(), true, t.taskId(), t.deploymentId()));
      } else if (t.reachedRunning() && t.startedAt() != null && (mark == null || t.startedAt().isAfter(mark))) {
        out.add(new Outcome(t.startedAt(), false, t.taskId(), t.deploymentId()));
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
