package dev.berth.model.service;

import dev.berth.model.service.ServiceDeployment.RevisionCounts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A service's revisions and service deployments, newest first, kept with the service: what
 * ListServiceDeployments, DescribeServiceDeployments and DescribeServiceRevisions read. It follows
 * the {@code ecs-svc/} deployments: a new PRIMARY deployment starts a service deployment (and a
 * revision), its COMPLETED rollout makes it SUCCESSFUL, a FAILED one STOPPED, and a rollback (the
 * circuit breaker's or a StopServiceDeployment) runs through ROLLBACK_IN_PROGRESS to
 * ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED. At most {@link #KEPT} service deployments and
 * {@link #KEPT_FOR} of them are kept.
 */
public record ServiceHistory(List<ServiceRevision> revisions, List<ServiceDeployment> deployments) {
  public static final ServiceHistory EMPTY = new ServiceHistory(List.of(), List.of());
  /** ECS keeps 90 days of service deployments. */
  public static final Duration KEPT_FOR = Duration.ofDays(90);
  /** Berth also bounds the count, as the history lives in the service's item. */
  public static final int KEPT = 50;

  static final String SUPERSEDED = "Stopped because a newer service deployment started.";
  static final String USER_ROLLBACK = "Rollback requested with StopServiceDeployment.";

  public ServiceHistory {
    revisions = List.copyOf(revisions);
    deployments = List.copyOf(deployments);
  }

  public Optional<ServiceDeployment> deployment(String id) {
    return deployments.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  public Optional<ServiceRevision> revision(String id) {
    return revisions.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The newest service deployment, if any. */
  public Optional<ServiceDeployment> current() {
    return deployments.stream().findFirst();
  }

  /**
   * The revision an {@code ecs-svc/} deployment runs: a rollback's is the revision it went back to
   * (a rollback makes no revision of its own), else the deployment's own.
   */
  public Optional<String> revisionOf(String deploymentId) {
    for (ServiceDeployment d : deployments) {
      if (d.rollback() != null && deploymentId.equals(d.rollback().deploymentId())) {
        return Optional.of(d.rollback().revisionId());
      }
    }
    String own = ServiceRevision.idOf(deploymentId);
    return revision(own).map(ServiceRevision::id);
  }

  /** The revision of the newest service deployment that ended well, the one a rollback goes back to. */
  public Optional<ServiceRevision> lastSuccessful() {
    for (ServiceDeployment d : deployments) {
      if (d.status() == ServiceDeploymentStatus.SUCCESSFUL) {
        return revision(d.target().revisionId());
      }
      if (d.status() == ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL) {
        return revision(d.rollback().revisionId());
      }
    }
    return Optional.empty();
  }

  /**
   * A new PRIMARY deployment {@code started} begins a service deployment of a new revision, from
   * the revisions the other live deployments ({@code others}) run. One still ongoing is STOPPED.
   */
  public ServiceHistory started(Deployment started, List<Deployment> others, DeploymentConfiguration configuration,
      Instant now) {
    List<RevisionCounts> sources = new ArrayList<>();
    for (Deployment d : others) {
      if (!d.inactive() && !d.id().equals(started.id())) {
        revisionOf(d.id()).ifPresent(r -> sources.add(new RevisionCounts(r, 0, 0, 0).withCounts(d)));
      }
    }
    ServiceRevision revision = new ServiceRevision(ServiceRevision.idOf(started.id()), started.taskDefinition(), now);
    ServiceDeployment record = new ServiceDeployment(idFor(started.id()), started.id(),
        new RevisionCounts(revision.id(), started.desiredCount(), 0, 0), sources, ServiceDeploymentStatus.IN_PROGRESS,
        null, configuration, 0, now, now, null, null, now, null);
    List<ServiceDeployment> all = new ArrayList<>();
    all.add(record);
    for (ServiceDeployment d : deployments) {
      all.add(d.status().completed() ? d : d.withStatus(ServiceDeploymentStatus.STOPPED, SUPERSEDED, now));
    }
    List<ServiceRevision> revs = new ArrayList<>();
    revs.add(revision);
    revs.addAll(revisions);
    return new ServiceHistory(revs, all).retained(now, others);
  }

  /**
   * StopServiceDeployment with ROLLBACK: the service deployment {@code id} is rolled back through
   * the new PRIMARY deployment {@code rollbackDeployment} to {@code revision}.
   */
  public ServiceHistory rollbackRequested(String id, Deployment rollbackDeployment, ServiceRevision revision,
      Instant now) {
    List<ServiceDeployment> all = new ArrayList<>();
    for (ServiceDeployment d : deployments) {
      all.add(!d.id().equals(id) ? d : d.withRollback(
          new ServiceDeployment.Rollback(USER_ROLLBACK, now, revision.id(), rollbackDeployment.id()),
          ServiceDeploymentStatus.ROLLBACK_REQUESTED, USER_ROLLBACK, now));
    }
    return new ServiceHistory(revisions, all);
  }

  /**
   * After a scheduler pass: counts follow the live deployments, and each ongoing service deployment
   * follows its deployment's rollout. {@code breakerRollback} is the pass's circuit breaker rollback
   * (from the failed deployment through the new one to the target deployment), if any.
   */
  public ServiceHistory observed(List<Deployment> live, String failedDeploymentId, Deployment rollbackDeployment,
      String rollbackTargetDeploymentId, Instant now) {
    List<ServiceDeployment> all = new ArrayList<>();
    for (ServiceDeployment d : deployments) {
      all.add(observe(d, live, failedDeploymentId, rollbackDeployment, rollbackTargetDeploymentId, now));
    }
    return new ServiceHistory(revisions, all).retained(now, live);
  }

  private ServiceDeployment observe(ServiceDeployment before, List<Deployment> live, String failedId,
      Deployment back, String backTo, Instant now) {
    Optional<Deployment> target = find(live, before.deploymentId());
    ServiceDeployment d = before.status().completed() ? before : counted(before, target, live);
    if (back != null && d.deploymentId().equals(failedId)) {
      String revision = revisionOf(backTo).orElse(ServiceRevision.idOf(backTo));
      return d.withRollback(new ServiceDeployment.Rollback(back.rolloutStateReason(), now, revision, back.id()),
          ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS, target.map(Deployment::rolloutStateReason).orElse(null), now);
    }
    if (back != null && d.rollback() != null && d.rollback().deploymentId().equals(failedId)) {
      return d.withStatus(ServiceDeploymentStatus.ROLLBACK_FAILED, "The rollback failed.", now);
    }
    switch (d.status()) {
      case PENDING, IN_PROGRESS -> {
        RolloutState state = target.map(Deployment::rolloutState).orElse(RolloutState.COMPLETED);
        if (state == RolloutState.COMPLETED) {
          return d.withStatus(ServiceDeploymentStatus.SUCCESSFUL, null, now);
        }
        if (state == RolloutState.FAILED) {
          return d.withStatus(ServiceDeploymentStatus.STOPPED, target.get().rolloutStateReason(), now);
        }
      }
      case ROLLBACK_REQUESTED -> {
        return d.withStatus(ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS, d.statusReason(), now);
      }
      case ROLLBACK_IN_PROGRESS -> {
        Optional<Deployment> rollback = find(live, d.rollback().deploymentId());
        RolloutState state = rollback.map(Deployment::rolloutState).orElse(RolloutState.COMPLETED);
        if (state == RolloutState.COMPLETED) {
          return d.withStatus(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL, d.statusReason(), now);
        }
        if (state == RolloutState.FAILED) {
          return d.withStatus(ServiceDeploymentStatus.ROLLBACK_FAILED, rollback.get().rolloutStateReason(), now);
        }
      }
      default -> { }
    }
    return d;
  }

  /** The deployment with the counts of its target and source revisions as the live deployments have them. */
  private ServiceDeployment counted(ServiceDeployment d, Optional<Deployment> target, List<Deployment> live) {
    List<RevisionCounts> sources = new ArrayList<>();
    for (RevisionCounts s : d.sources()) {
      Optional<Deployment> running = live.stream()
          .filter(x -> !x.id().equals(d.deploymentId()) && revisionOf(x.id()).filter(s.revisionId()::equals).isPresent())
          .findFirst();
      sources.add(running.map(s::withCounts).orElse(new RevisionCounts(s.revisionId(), s.requested(), 0, 0)));
    }
    return d.withCounts(target.map(t -> d.target().withCounts(t)).orElse(d.target()), sources,
        target.map(Deployment::failedTasks).orElse(d.failedTasks()));
  }

  /** The newest {@link #KEPT} within {@link #KEPT_FOR}, and the revisions they or live deployments run. */
  ServiceHistory retained(Instant now, List<Deployment> live) {
    Instant oldest = now.minus(KEPT_FOR);
    List<ServiceDeployment> kept = deployments.stream()
        .filter(d -> !d.status().completed() || d.createdAt() == null || d.createdAt().isAfter(oldest))
        .sorted(Comparator.comparing(ServiceDeployment::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
        .limit(KEPT)
        .toList();
    Set<String> used = new HashSet<>();
    for (ServiceDeployment d : kept) {
      used.add(d.target().revisionId());
      d.sources().forEach(s -> used.add(s.revisionId()));
      if (d.rollback() != null) {
        used.add(d.rollback().revisionId());
      }
    }
    for (Deployment d : live) {
      if (!d.inactive()) {
        used.add(ServiceRevision.idOf(d.id()));
      }
    }
    return new ServiceHistory(revisions.stream().filter(r -> used.contains(r.id())).toList(), kept);
  }

  private static Optional<Deployment> find(List<Deployment> live, String id) {
    return live.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /**
   * The service deployment id of an {@code ecs-svc/} deployment: 21 letters and digits, as ECS's
   * look, derived from the deployment id (itself random) so that nothing else needs storing.
   */
  static String idFor(String deploymentId) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(deploymentId.getBytes(StandardCharsets.UTF_8));
      StringBuilder out = new StringBuilder(21);
      for (int i = 0; i < 21; i++) {
        out.append(ALPHABET[(hash[i] & 0xff) % ALPHABET.length]);
      }
      return out.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
