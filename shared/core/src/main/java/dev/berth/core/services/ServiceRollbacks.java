package dev.berth.core.services;

import dev.berth.model.EcsException;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceDeployment;
import dev.berth.model.service.ServiceDeploymentStatus;
import dev.berth.model.service.ServiceRevision;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * StopServiceDeployment with ROLLBACK: an ongoing service deployment goes back to the revision of
 * the last one that succeeded, through a new PRIMARY deployment (ROLLBACK_REQUESTED, then
 * ROLLBACK_IN_PROGRESS at the service's next pass), whether or not the service has rollback
 * configured. It takes the service's lease like UpdateService.
 */
@Singleton
public final class ServiceRollbacks {
  static final String STOPPED_REASON = "ECS deployment stopped with StopServiceDeployment; rolling back.";

  private final Services services;
  private final ServiceDeployments deployments;
  private final Clock clock;
  private final Provider<RandomGenerator> random;

  @Inject
  public ServiceRollbacks(Services services, ServiceDeployments deployments, Clock clock,
      Provider<RandomGenerator> random) {
    this.services = services;
    this.deployments = deployments;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Returns the service deployment, as it now stands. The request's stopType can only be ROLLBACK
   * (or absent): the others are refused with the request ({@code RefusedMembers}).
   */
  public ServiceDeployments.Found stop(String arn) {
    ServiceDeployments.Found found = deployments.require(arn);
    Service service = found.service().service();
    String id = found.deployment().id();
    ServiceState after = services.change(service.cluster(), service.name(), current -> rollBack(current, id, arn));
    return new ServiceDeployments.Found(after, after.history().deployment(id).orElseThrow());
  }

  private ServiceState rollBack(ServiceState current, String id, String arn) {
    ServiceDeployment target = current.history().deployment(id).orElseThrow(EcsException::serviceDeploymentNotFound);
    if (target.status().completed() || current.service().status() != ServiceStatus.ACTIVE) {
      throw EcsException.conflict("The service deployment has already ended (" + target.status() + ").", List.of(arn));
    }
    if (target.status() != ServiceDeploymentStatus.IN_PROGRESS && target.status() != ServiceDeploymentStatus.PENDING) {
      return current; // already stopping or rolling back: that simply continues
    }
    ServiceRevision revision = current.history().lastSuccessful().orElseThrow(() -> EcsException.conflict(
        "The service has no earlier successful service revision to roll back to.", List.of(arn)));
    Instant now = clock.instant();
    Service service = current.service();
    Deployment back = new Deployment(newId(current), DeploymentStatus.PRIMARY, revision.taskDefinition(),
        service.desiredCount(), 0, 0, 0, RolloutState.IN_PROGRESS,
        "ECS deployment rolling back to service revision " + revision.id() + ".", now, now);
    List<Deployment> next = new ArrayList<>();
    next.add(back);
    for (Deployment d : current.deployments()) {
      next.add(d.primary() ? d.withStatus(DeploymentStatus.ACTIVE).withRollout(RolloutState.FAILED, STOPPED_REASON)
          .withUpdatedAt(now) : d);
    }
    return current.with(service.withTaskDefinition(revision.taskDefinition()), next)
        .withHistory(current.history().rollbackRequested(id, back, revision, now));
  }

  private String newId(ServiceState current) {
    RandomGenerator source = random.get();
    while (true) {
      String id = Deployment.newId(source);
      if (current.deployments().stream().noneMatch(d -> d.id().equals(id))) {
        return id;
      }
    }
  }
}
