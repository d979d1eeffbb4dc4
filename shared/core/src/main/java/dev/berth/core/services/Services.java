package dev.berth.core.services;

import dev.berth.core.Pause;
import dev.berth.core.Retry;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TargetGroups;
import dev.berth.core.taskdefs.TaskDefinitions;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.IdSource;
import dev.berth.model.Names;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.Tag;
import dev.berth.model.TaskDefinition;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.LoadBalancer;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceHistory;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.ServiceThrottle;
import dev.berth.model.service.TaskDefinitionRevision;
import dev.berth.model.service.TaskTagging;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.Strategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * The service commands: CreateService, UpdateService, DeleteService and a service's tags. A change
 * takes the service's lease for its one write, so it never races a reconcile pass, and then wakes
 * the service so the reconciler acts on it within seconds. The reads are {@link ServiceQueries}.
 */
@Singleton
public final class Services {
  /** How long a change waits for a reconcile pass to let the service go. */
  static final Duration LEASE_WAIT = Duration.ofSeconds(10);
  private static final Duration CHANGE_LEASE = Duration.ofSeconds(30);

  private final Clusters clusters;
  private final TaskDefinitions definitions;
  private final ServiceStore store;
  private final ServiceTriggers triggers;
  private final IdSource ids;
  private final Clock clock;
  private final Provider<RandomGenerator> random;
  private final TargetGroups targetGroups;
  private final Pause pause;

  @Inject
  public Services(Clusters clusters, TaskDefinitions definitions, ServiceStore store, ServiceTriggers triggers,
      IdSource ids, Clock clock, Provider<RandomGenerator> random, TargetGroups targetGroups, Pause pause) {
    this.pause = pause;
    this.targetGroups = targetGroups;
    this.clusters = clusters;
    this.definitions = definitions;
    this.store = store;
    this.triggers = triggers;
    this.ids = ids;
    this.clock = clock;
    this.random = random;
  }

  public ServiceState create(ServiceRequests.Create request) {
    clusters.require(request.cluster());
    Names.requireName("Service name", request.serviceName());
    boolean daemon = request.schedulingStrategy() == SchedulingStrategy.DAEMON;
    if (request.clientToken() != null && request.clientToken().length() > 36) {
      throw EcsException.invalidParameter("clientToken must be at most 36 characters long.");
    }
    if (daemon && request.desiredCount() != null) {
      throw EcsException.invalidParameter("The DAEMON scheduling strategy does not support a desired count.");
    }
    if (!daemon && request.desiredCount() == null) {
      throw EcsException.invalidParameter("desiredCount is required for a service with the REPLICA scheduling strategy.");
    }
    int desired = daemon ? 0 : request.desiredCount();
    int grace = gracePeriod(request.healthCheckGracePeriodSeconds(), 0);
    if (desired < 0) {
      throw EcsException.invalidParameter("desiredCount can not be negative.");
    }
    DeploymentConfiguration config = ServiceValidation.deploymentConfiguration(request.deploymentConfiguration()
        .applyTo(DeploymentConfiguration.defaultFor(request.schedulingStrategy())), request.schedulingStrategy());
    List<PlacementConstraint> constraints = Constraint.toModel(request.placementConstraints());
    List<PlacementStrategy> strategies = Strategy.toModel(request.placementStrategy());
    ServiceValidation.placement(request.schedulingStrategy(), constraints, strategies);
    TaskDefinition definition = activeDefinition(request.taskDefinition());
    List<LoadBalancer> loadBalancers = LoadBalancerValidation.parse(request.loadBalancers());
    LoadBalancerValidation.local(loadBalancers, request.role(), definition);
    String fingerprint = request.fingerprint();
    return Retry.onConflict(() -> {
      Optional<ServiceState> existing = store.get(request.cluster(), request.serviceName());
      if (existing.isPresent()) {
        ServiceStatus status = existing.get().service().status();
        if (status == ServiceStatus.ACTIVE) {
          if (fingerprint.equals(existing.get().fingerprint())) {
            return existing.get();
          }
          throw EcsException.invalidParameter("Creation of service was not idempotent.");
        }
        if (status == ServiceStatus.DRAINING) {
          throw EcsException.invalidParameter("Unable to Start a service that is still Draining.");
        }
      }
      LoadBalancerValidation.remote(loadBalancers, definition, targetGroups);
      long replacing = existing.map(s -> s.service().version()).orElse(0L);
      Instant now = clock.instant();
      TaskDefinitionRevision revision = new TaskDefinitionRevision(definition.family(), definition.revision());
      Service service = new Service(request.cluster(), request.serviceName(), ServiceStatus.ACTIVE, revision, desired,
          request.schedulingStrategy(), config, constraints, strategies, now,
          replacing + 1, List.of(), ServiceThrottle.NONE, request.tags(), grace, request.taskTagging(), loadBalancers,
          loadBalancers.isEmpty() ? null : request.role());
      Deployment deployment = Deployment.start(Deployment.newId(random.get()), revision, desired, now);
      ServiceState state = new ServiceState(service, List.of(deployment), Set.of(), fingerprint,
          ServiceHistory.EMPTY.started(deployment, List.of(), config, now), java.util.Map.of());
      store.create(state, replacing, now);
      triggers.wake(request.cluster(), request.serviceName());
      return state;
    });
  }

  public ServiceState update(ServiceRequests.Update request) {
    clusters.require(request.cluster());
    String name = Arns.serviceName(request.service(), request.cluster());
    if (request.desiredCount() != null && request.desiredCount() < 0) {
      throw EcsException.invalidParameter("desiredCount can not be negative.");
    }
    gracePeriod(request.healthCheckGracePeriodSeconds(), 0);
    TaskDefinition definition = request.taskDefinition() == null ? null : activeDefinition(request.taskDefinition());
    List<LoadBalancer> requestedLbs = request.loadBalancers() == null ? null
        : LoadBalancerValidation.parse(request.loadBalancers());
    return change(request.cluster(), name, current -> {
      Service service = current.service();
      if (service.status() != ServiceStatus.ACTIVE) {
        throw EcsException.serviceNotActive();
      }
      if (service.daemon() && request.desiredCount() != null) {
        throw EcsException.invalidParameter("The DAEMON scheduling strategy does not support a desired count.");
      }
      DeploymentConfiguration config = ServiceValidation.deploymentConfiguration(
          request.deploymentConfiguration().applyTo(service.deploymentConfiguration()), service.schedulingStrategy());
      List<PlacementConstraint> constraints = request.placementConstraints() != null
          ? Constraint.toModel(request.placementConstraints()) : service.placementConstraints();
      List<PlacementStrategy> strategies = request.placementStrategy() != null
          ? Strategy.toModel(request.placementStrategy()) : service.placementStrategy();
      ServiceValidation.placement(service.schedulingStrategy(), constraints, strategies);
      TaskDefinitionRevision revision = definition == null ? service.taskDefinition()
          : new TaskDefinitionRevision(definition.family(), definition.revision());
      int desired = request.desiredCount() != null ? request.desiredCount() : service.desiredCount();
      List<LoadBalancer> loadBalancers = requestedLbs != null ? requestedLbs : service.loadBalancers();
      TaskDefinition runs = definition != null || loadBalancers.isEmpty() ? definition
          : definitions.resolve(revision.toString());
      LoadBalancerValidation.local(loadBalancers, null, runs);
      boolean lbsChanged = !loadBalancers.equals(service.loadBalancers());
      if (lbsChanged) {
        LoadBalancerValidation.remote(loadBalancers, runs, targetGroups);
      }
      boolean newDeployment = request.forceNewDeployment() || !revision.equals(service.taskDefinition())
          || !constraints.equals(service.placementConstraints()) || !strategies.equals(service.placementStrategy())
          || lbsChanged;
      int grace = gracePeriod(request.healthCheckGracePeriodSeconds(), service.healthCheckGracePeriodSeconds());
      Service next = new Service(service.cluster(), service.name(), service.status(), revision, desired,
          service.schedulingStrategy(), config, constraints, strategies, service.createdAt(), service.version(),
          service.events(), service.throttle(), service.tags(), grace,
          new TaskTagging(request.propagateTags() != null ? request.propagateTags()
              : service.taskTagging().propagateTags(), request.enableECSManagedTags() != null
              ? request.enableECSManagedTags() : service.taskTagging().enableECSManagedTags()),
          loadBalancers, loadBalancers.isEmpty() ? null : service.role());
      List<Deployment> deployments = new ArrayList<>();
      Instant now = clock.instant();
      for (Deployment d : current.deployments()) {
        if (d.primary()) {
          deployments.add(newDeployment ? d.withStatus(DeploymentStatus.ACTIVE).withUpdatedAt(now)
              : d.withDesiredCount(desired).withUpdatedAt(now));
        } else {
          deployments.add(d);
        }
      }
      if (!newDeployment) {
        return current.with(next, deployments);
      }
      Deployment started = Deployment.start(Deployment.newId(random.get()), revision, desired, now);
      deployments.add(0, started);
      return current.with(next, deployments)
          .withHistory(current.history().started(started, current.deployments(), config, now));
    });
  }

  public ServiceState delete(String cluster, String serviceRef, boolean force) {
    clusters.require(cluster);
    String name = Arns.serviceName(serviceRef, cluster);
    return change(cluster, name, current -> {
      Service service = current.service();
      if (service.status() == ServiceStatus.INACTIVE) {
        throw EcsException.serviceNotActive();
      }
      if (service.status() == ServiceStatus.DRAINING) {
        return current;
      }
      if (!service.daemon() && service.desiredCount() > 0 && !force) {
        throw EcsException.invalidParameter("The service cannot be stopped while it is scaled above 0.");
      }
      List<Deployment> deployments = current.deployments().stream()
          .map(d -> d.primary() ? d.withDesiredCount(0) : d).toList();
      return current.with(service.withStatus(ServiceStatus.DRAINING).withDesiredCount(0), deployments);
    });
  }

  /**
   * Changes an ACTIVE service's tags under its lease (so a reconcile pass saving its own changes
   * cannot write back the old ones); ResourceNotFoundException when there is no such service.
   */
  public List<Tag> retag(String cluster, String name, UnaryOperator<List<Tag>> change) {
    clusters.require(cluster);
    if (store.get(cluster, name).filter(s -> s.service().status() == ServiceStatus.ACTIVE).isEmpty()) {
      throw EcsException.resourceNotFound();
    }
    return change(cluster, name, current -> {
      Service service = current.service();
      if (service.status() != ServiceStatus.ACTIVE) {
        throw EcsException.resourceNotFound();
      }
      List<Tag> next = change.apply(service.tags());
      return next.equals(service.tags()) ? current : current.with(service.withTags(next), current.deployments());
    }).service().tags();
  }

  /**
   * Applies a change to a service under its lease: waits (briefly) for a reconcile pass holding it,
   * saves, lets the lease go, and wakes the service.
   */
  ServiceState change(String cluster, String name, Function<ServiceState, ServiceState> change) {
    String owner = "api-" + ids.newId();
    ServiceStore.Held held = lease(cluster, name, owner);
    ServiceState next;
    try {
      next = change.apply(held.state());
    } catch (RuntimeException e) {
      store.release(cluster, name, owner);
      throw e;
    }
    if (next == held.state()) {
      store.release(cluster, name, owner);
      return next;
    }
    ServiceStore.Saved saved = store.save(next, owner, held.wakeups(), clock.instant());
    if (saved == ServiceStore.Saved.WOKEN) {
      store.release(cluster, name, owner);
    } else if (saved == ServiceStore.Saved.LEASE_LOST) {
      throw EcsException.server("The service changed while it was being updated; try again.");
    }
    triggers.wake(cluster, name);
    return next;
  }

  private ServiceStore.Held lease(String cluster, String name, String owner) {
    Instant deadline = clock.instant().plus(LEASE_WAIT);
    long wait = 20;
    while (true) {
      Instant now = clock.instant();
      Optional<ServiceStore.Held> held = store.acquire(cluster, name, owner, now, now.plus(CHANGE_LEASE));
      if (held.isPresent()) {
        return held.get();
      }
      if (!store.exists(cluster, name)) {
        throw EcsException.serviceNotFound();
      }
      if (now.isAfter(deadline)) {
        throw EcsException.server("The service is busy being reconciled; try again.");
      }
      try {
        pause.pause(Duration.ofMillis(wait));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw EcsException.server("Interrupted while waiting for the service.");
      }
      wait = Math.min(500, wait * 2);
    }
  }

  /**
   * healthCheckGracePeriodSeconds as given, else {@code current}. Only a service with load balancers
   * takes one (checked with them); the scheduler then honours it for container health checks too.
   */
  private static int gracePeriod(Integer requested, int current) {
    if (requested == null) {
      return current;
    }
    if (requested < 0) {
      throw EcsException.invalidParameter("healthCheckGracePeriodSeconds can not be negative.");
    }
    return requested;
  }

  private TaskDefinition activeDefinition(String reference) {
    if (reference == null) {
      throw EcsException.invalidParameter("taskDefinition can not be null.");
    }
    TaskDefinition definition = definitions.resolve(reference);
    if (!definition.active()) {
      throw EcsException.invalidParameter("TaskDefinition is inactive");
    }
    return definition;
  }
}
