package dev.berth.model.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceHistoryTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final DeploymentConfiguration CONFIG = DeploymentConfiguration.REPLICA_DEFAULT;

  private static Deployment deployment(long n, int revision, Instant at) {
    return Deployment.start(String.format("ecs-svc/%019d", 1_000_000_000_000_000_000L + n),
        new TaskDefinitionRevision("web", revision), 2, at);
  }

  private static ServiceDeploymentStatus status(ServiceHistory h, Deployment d) {
    return h.deployments().stream().filter(x -> x.deploymentId().equals(d.id())).findFirst().orElseThrow().status();
  }

  @Test
  void aDeploymentIsInProgressUntilItsRolloutCompletesAndThenSuccessful() {
    Deployment first = deployment(1, 1, T0);
    ServiceHistory h = ServiceHistory.EMPTY.started(first, List.of(), CONFIG, T0);
    ServiceDeployment record = h.current().orElseThrow();
    assertEquals(ServiceDeploymentStatus.IN_PROGRESS, record.status());
    assertEquals(21, record.id().length());
    assertEquals(ServiceRevision.idOf(first.id()), record.target().revisionId());
    assertEquals(new TaskDefinitionRevision("web", 1), h.revision(record.target().revisionId()).orElseThrow()
        .taskDefinition());

    Deployment running = first.withTaskCounts(1, 1);
    h = h.observed(List.of(running), null, null, null, T0.plusSeconds(30));
    assertEquals(ServiceDeploymentStatus.IN_PROGRESS, h.current().orElseThrow().status());
    assertEquals(1, h.current().orElseThrow().target().running());

    Instant done = T0.plusSeconds(90);
    h = h.observed(List.of(running.withTaskCounts(0, 2).withRollout(RolloutState.COMPLETED, "done")), null, null,
        null, done);
    assertEquals(ServiceDeploymentStatus.SUCCESSFUL, h.current().orElseThrow().status());
    assertEquals(done, h.current().orElseThrow().finishedAt());
    assertNull(h.current().orElseThrow().stoppedAt());
    assertEquals(2, h.current().orElseThrow().target().running(), "the counts stay as a record");
    assertEquals(h.revision(record.target().revisionId()), h.lastSuccessful());
  }

  @Test
  void aNewDeploymentStopsTheOngoingOneAndNamesTheRevisionsItReplaces() {
    Deployment first = deployment(1, 1, T0).withRollout(RolloutState.COMPLETED, "done").withTaskCounts(0, 2);
    ServiceHistory h = ServiceHistory.EMPTY.started(first, List.of(), CONFIG, T0)
        .observed(List.of(first), null, null, null, T0.plusSeconds(60));
    Deployment second = deployment(2, 2, T0.plusSeconds(100));
    h = h.started(second, List.of(first), CONFIG, T0.plusSeconds(100));
    Deployment third = deployment(3, 3, T0.plusSeconds(200));
    h = h.started(third, List.of(second.withStatus(DeploymentStatus.ACTIVE), first.withStatus(DeploymentStatus.ACTIVE)),
        CONFIG, T0.plusSeconds(200));
    assertEquals(List.of(ServiceDeploymentStatus.IN_PROGRESS, ServiceDeploymentStatus.STOPPED,
        ServiceDeploymentStatus.SUCCESSFUL), h.deployments().stream().map(ServiceDeployment::status).toList());
    assertEquals(ServiceHistory.SUPERSEDED, h.deployments().get(1).statusReason());
    assertEquals(T0.plusSeconds(200), h.deployments().get(1).stoppedAt());
    assertEquals(List.of(ServiceRevision.idOf(second.id()), ServiceRevision.idOf(first.id())),
        h.current().orElseThrow().sources().stream().map(ServiceDeployment.RevisionCounts::revisionId).toList());
    assertEquals(2, h.current().orElseThrow().sources().get(1).running());
  }

  @Test
  void theCircuitBreakersRollbackRunsToRollbackSuccessfulAndReusesTheEarlierRevision() {
    Deployment first = deployment(1, 1, T0).withRollout(RolloutState.COMPLETED, "done");
    ServiceHistory h = ServiceHistory.EMPTY.started(first, List.of(), CONFIG, T0)
        .observed(List.of(first), null, null, null, T0.plusSeconds(60));
    Deployment bad = deployment(2, 2, T0.plusSeconds(100));
    h = h.started(bad, List.of(first), CONFIG, T0.plusSeconds(100));
    Deployment failed = bad.withRollout(RolloutState.FAILED, "ECS deployment circuit breaker: task failed to start.")
        .withStatus(DeploymentStatus.ACTIVE);
    Deployment back = deployment(3, 1, T0.plusSeconds(200)).withRollout(RolloutState.IN_PROGRESS,
        "ECS deployment circuit breaker: rolling back to deploymentId " + first.id() + ".");
    h = h.observed(List.of(back, failed, first.withStatus(DeploymentStatus.INACTIVE)), failed.id(), back, first.id(),
        T0.plusSeconds(200));
    ServiceDeployment record = h.current().orElseThrow();
    assertEquals(ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS, record.status());
    assertEquals(ServiceRevision.idOf(first.id()), record.rollback().revisionId());
    assertEquals(ServiceRevision.idOf(first.id()), h.revisionOf(back.id()).orElseThrow(), "no revision of its own");
    assertEquals(2, h.revisions().size());

    h = h.observed(List.of(back.withRollout(RolloutState.COMPLETED, "done")), null, null, null, T0.plusSeconds(300));
    assertEquals(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL, h.current().orElseThrow().status());
    assertEquals(T0.plusSeconds(300), h.current().orElseThrow().finishedAt());
  }

  @Test
  void aFailedRolloutWithoutRollbackIsStopped() {
    Deployment first = deployment(1, 1, T0);
    ServiceHistory h = ServiceHistory.EMPTY.started(first, List.of(), CONFIG, T0);
    h = h.observed(List.of(first.withRollout(RolloutState.FAILED, "ECS deployment circuit breaker: task failed to "
        + "start.")), null, null, null, T0.plusSeconds(60));
    assertEquals(ServiceDeploymentStatus.STOPPED, h.current().orElseThrow().status());
    assertEquals(T0.plusSeconds(60), h.current().orElseThrow().stoppedAt());
  }

  @Test
  void aRequestedRollbackIsAcknowledgedByTheNextPassAndEndsWithItsDeployment() {
    Deployment first = deployment(1, 1, T0).withRollout(RolloutState.COMPLETED, "done");
    ServiceHistory h = ServiceHistory.EMPTY.started(first, List.of(), CONFIG, T0)
        .observed(List.of(first), null, null, null, T0.plusSeconds(60));
    Deployment second = deployment(2, 2, T0.plusSeconds(100));
    h = h.started(second, List.of(first), CONFIG, T0.plusSeconds(100));
    String id = h.current().orElseThrow().id();
    Deployment back = deployment(3, 1, T0.plusSeconds(150));
    h = h.rollbackRequested(id, back, h.lastSuccessful().orElseThrow(), T0.plusSeconds(150));
    assertEquals(ServiceDeploymentStatus.ROLLBACK_REQUESTED, h.deployment(id).orElseThrow().status());
    Deployment stopped = second.withRollout(RolloutState.FAILED, "stopped").withStatus(DeploymentStatus.ACTIVE);
    h = h.observed(List.of(back, stopped), null, null, null, T0.plusSeconds(160));
    assertEquals(ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS, h.deployment(id).orElseThrow().status());
    h = h.observed(List.of(back, stopped), null, null, null, T0.plusSeconds(170));
    assertEquals(ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS, h.deployment(id).orElseThrow().status(),
        "its own FAILED rollout does not end it: the rollback's does");
    h = h.observed(List.of(back.withRollout(RolloutState.COMPLETED, "done")), null, null, null, T0.plusSeconds(200));
    assertEquals(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL, h.deployment(id).orElseThrow().status());
    assertEquals(h.revision(ServiceRevision.idOf(first.id())), h.lastSuccessful());
  }

  @Test
  void theHistoryKeepsTheNewestFiftyAndTheRevisionsTheyName() {
    ServiceHistory h = ServiceHistory.EMPTY;
    Deployment previous = null;
    for (int i = 1; i <= 60; i++) {
      Deployment d = deployment(i, i, T0.plus(Duration.ofMinutes(i)));
      h = h.started(d, previous == null ? List.of() : List.of(previous.withStatus(DeploymentStatus.INACTIVE)), CONFIG,
          T0.plus(Duration.ofMinutes(i)));
      previous = d;
    }
    assertEquals(ServiceHistory.KEPT, h.deployments().size());
    assertEquals(ServiceRevision.idOf(previous.id()), h.current().orElseThrow().target().revisionId());
    assertEquals(ServiceHistory.KEPT, h.revisions().size());
    assertTrue(h.revision(ServiceRevision.idOf(deployment(1, 1, T0).id())).isEmpty());
  }

  @Test
  void deploymentIdsAreStableAndDistinct() {
    assertEquals(ServiceHistory.idFor("ecs-svc/1234567890123456789"), ServiceHistory.idFor("ecs-svc/1234567890123456789"));
    assertNotEquals(ServiceHistory.idFor("ecs-svc/1234567890123456789"), ServiceHistory.idFor("ecs-svc/1234567890123456780"));
    assertTrue(ServiceHistory.idFor("ecs-svc/1").matches("[A-Za-z0-9]{21}"));
  }
}
