package dev.berth.core.services;

import dev.berth.core.store.ReconcileQueue;
import dev.berth.model.service.Service;
import dev.berth.scheduler.service.ServiceTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * When a service that is not yet steady next needs a pass, and the reminder for it. Some waits end
 * at a known time with no event to announce it (a RUNNING task without health checks becomes
 * healthy 40 s after it started; an UNHEALTHY task's grace period ends; a throttled service may
 * launch again at a set time; a task's scale-in protection expires), so the reconciler sends
 * itself a delayed message for that moment.
 * Other waits end with a task state change (or a health report), which triggers a pass anyway;
 * until then the service stays due and the minute's sweep looks at it.
 */
@Singleton
public final class ServiceTimers {
  private final ReconcileQueue queue;

  @Inject
  public ServiceTimers(ReconcileQueue queue) {
    this.queue = queue;
  }

  /** The earliest known moment after {@code now} that changes the plan, else {@code now} (due at the next sweep). */
  public static Instant nextDue(Service service, Collection<ServiceTask> tasks, Instant now) {
    Stream<Instant> healthy = tasks.stream()
        .filter(t -> t.live() && t.running() && t.startedAt() != null && !t.healthChecked() && !t.healthyAt(now))
        .map(t -> t.startedAt().plus(ServiceTask.HEALTHY_AFTER_RUNNING));
    Duration grace = Duration.ofSeconds(service.healthCheckGracePeriodSeconds());
    Stream<Instant> graceOver = tasks.stream()
        .filter(t -> t.failingHealthChecks() && t.inGracePeriod(now, grace))
        .map(t -> t.startedAt().plus(grace));
    Stream<Instant> protectionEnds = tasks.stream()
        .filter(t -> t.live() && t.protectedAt(now))
        .map(ServiceTask::protectedUntil);
    Stream<Instant> throttle = Optional.ofNullable(service.throttle().nextStartAllowedAt())
        .filter(now::isBefore).stream();
    return Stream.of(healthy, graceOver, protectionEnds, throttle).flatMap(s -> s).min(Instant::compareTo).orElse(now);
  }

  /** A delayed reconcile message for {@code dueAt} when it lies ahead, within SQS's delay limit. */
  public void remind(String cluster, String service, Instant dueAt, Instant now) {
    if (dueAt == null || !dueAt.isAfter(now)) {
      return;
    }
    Duration wait = Duration.between(now, dueAt).plusSeconds(1); // land just after, not just before
    if (wait.compareTo(ReconcileQueue.MAX_DELAY) <= 0) {
      queue.send(ReconcileTarget.service(cluster, service).toJson(), wait);
    }
  }
}
