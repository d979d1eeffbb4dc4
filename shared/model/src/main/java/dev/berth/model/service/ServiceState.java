package dev.berth.model.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What Berth keeps of one service: the service, its deployments (PRIMARY and ACTIVE ones, plus the
 * newest completed INACTIVE one as a rollback target), the ids of the tasks it started and has not
 * yet seen stopped, the fingerprint of the CreateService request (for ECS's idempotent
 * re-creation by name), and its history of revisions and service deployments. {@code targets} are
 * the load balancer targets its tasks are registered as, by task id: what is deregistered before a
 * task stops, and what repair compares with the tasks. Task ids and targets grow with the tasks, so
 * the store keeps them apart from the service and writes them on their own (a save writes
 * neither); only a lease holder's read carries them.
 */
public record ServiceState(Service service, List<Deployment> deployments, Set<String> taskIds, String fingerprint,
    ServiceHistory history, Map<String, TaskTargets> targets) {

  public ServiceState {
    Objects.requireNonNull(service, "service");
    deployments = List.copyOf(deployments);
    taskIds = Set.copyOf(taskIds);
    history = Objects.requireNonNullElse(history, ServiceHistory.EMPTY);
    targets = targets == null ? Map.of() : Map.copyOf(targets);
  }

  /** A state without history and with no registered targets. */
  public ServiceState(Service service, List<Deployment> deployments, Set<String> taskIds, String fingerprint) {
    this(service, deployments, taskIds, fingerprint, ServiceHistory.EMPTY, Map.of());
  }

  /** The deployments a client sees: PRIMARY first, then ACTIVE ones, newest first. */
  public List<Deployment> visibleDeployments() {
    return deployments.stream().filter(d -> !d.inactive()).sorted(NEWEST_PRIMARY_FIRST).toList();
  }

  public ServiceState with(Service newService, List<Deployment> newDeployments) {
    return new ServiceState(newService, newDeployments, taskIds, fingerprint, history, targets);
  }

  public ServiceState withHistory(ServiceHistory newHistory) {
    return new ServiceState(service, deployments, taskIds, fingerprint, newHistory, targets);
  }

  /**
   * Deployments worth keeping after a pass: every PRIMARY or ACTIVE one, and of the INACTIVE ones
   * only the newest that completed its rollout (what the circuit breaker would roll back to).
   */
  public static List<Deployment> retained(List<Deployment> all) {
    Deployment lastCompleted = all.stream()
        .filter(d -> d.inactive() && d.rolloutState() == RolloutState.COMPLETED)
        .max(Comparator.comparing(Deployment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
        .orElse(null);
    boolean activeCompleted = all.stream()
        .anyMatch(d -> !d.inactive() && d.rolloutState() == RolloutState.COMPLETED);
    return all.stream()
        .filter(d -> !d.inactive() || d == lastCompleted && !activeCompleted)
        .sorted(NEWEST_PRIMARY_FIRST)
        .toList();
  }

  private static final Comparator<Deployment> NEWEST_PRIMARY_FIRST = Comparator
      .comparing((Deployment d) -> !d.primary())
      .thenComparing(Deployment::createdAt, Comparator.nullsLast(Comparator.reverseOrder()));
}
