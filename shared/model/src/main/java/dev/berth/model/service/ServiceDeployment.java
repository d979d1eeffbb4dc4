package dev.berth.model.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One service deployment as ECS's service deployments API reports it: the rollout of the
 * {@code ecs-svc/} deployment {@code deploymentId} to the revision {@code target}, from the
 * revisions that had tasks when it started ({@code sources}), and how it ended. {@code rollback} is
 * set once it is rolled back (by the circuit breaker or StopServiceDeployment). The counts are the
 * last ones seen while its deployments were live, so they stay as a record afterwards.
 */
public record ServiceDeployment(
    String id,
    String deploymentId,
    RevisionCounts target,
    List<RevisionCounts> sources,
    ServiceDeploymentStatus status,
    String statusReason,
    DeploymentConfiguration deploymentConfiguration,
    int failedTasks,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant stoppedAt,
    Instant updatedAt,
    Rollback rollback) {

  /** A revision's task counts within this deployment. */
  public record RevisionCounts(String revisionId, int requested, int running, int pending) {
    public RevisionCounts withCounts(Deployment d) {
      return new RevisionCounts(revisionId, d.desiredCount(), d.runningCount(), d.pendingCount());
    }
  }

  /** The rollback: why, since when, to which revision, through which {@code ecs-svc/} deployment. */
  public record Rollback(String reason, Instant startedAt, String revisionId, String deploymentId) {}

  public ServiceDeployment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(status, "status");
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  public ServiceDeployment withStatus(ServiceDeploymentStatus newStatus, String reason, Instant at) {
    boolean ends = newStatus.completed() && !status.completed();
    return new ServiceDeployment(id, deploymentId, target, sources, newStatus, reason, deploymentConfiguration,
        failedTasks, createdAt, startedAt, ends ? at : finishedAt,
        ends && newStatus == ServiceDeploymentStatus.STOPPED ? at : stoppedAt, at, rollback);
  }

  public ServiceDeployment withRollback(Rollback newRollback, ServiceDeploymentStatus newStatus, String reason,
      Instant at) {
    return new ServiceDeployment(id, deploymentId, target, sources, newStatus, reason, deploymentConfiguration,
        failedTasks, createdAt, startedAt, finishedAt, stoppedAt, at, newRollback);
  }

  public ServiceDeployment withCounts(RevisionCounts newTarget, List<RevisionCounts> newSources, int newFailedTasks) {
    return new ServiceDeployment(id, deploymentId, newTarget, newSources, status, statusReason,
        deploymentConfiguration, newFailedTasks, createdAt, startedAt, finishedAt, stoppedAt, updatedAt, rollback);
  }
}
