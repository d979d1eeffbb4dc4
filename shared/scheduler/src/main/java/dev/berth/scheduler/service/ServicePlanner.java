package dev.berth.scheduler.service;

import dev.berth.model.ContainerInstance;
import dev.berth.model.IdSource;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceStatus;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The service scheduler as a pure function: a {@link ServiceSnapshot} (the service, its
 * deployments, its tasks, the cluster's instances, now) in, a {@link ServicePlan} out. It reads
 * nothing else and writes nothing; the reconciler carries the plan out, placing the launches
 * through the same path as RunTask. A pass goes:
 *
 * <ol>
 *   <li>count the tasks that failed to start since the last pass (throttle, failedTasks);
 *   <li>let the circuit breaker fail the rollout, and roll back if configured;
 *   <li>decide launches and stops (REPLICA or DAEMON rules, draining instances included);
 *   <li>update each deployment's counts and detect the steady state;
 * </ol>
 *
 * and a DRAINING (deleted) service only has its tasks stopped. The id source names new events
 * and the random source breaks scale-in ties and numbers a rollback deployment, so a seeded
 * source gives the same plan every time.
 */
public final class ServicePlanner {
  private final IdSource eventIds;
  private final RandomGenerator random;

  public ServicePlanner(IdSource eventIds, RandomGenerator random) {
    this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
    this.random = Objects.requireNonNull(random, "random");
  }

  public ServicePlan plan(ServiceSnapshot snapshot) {
    Service service = snapshot.service();
    if (service.status() == ServiceStatus.INACTIVE) {
      return new ServicePlan(service, snapshot.deployments(), List.of(), List.of(), List.of(),
          false, false, false, false, null);
    }
    Pass pass = new Pass(snapshot, eventIds);
    if (service.status() == ServiceStatus.DRAINING) {
      ServiceDrain.stopAll(pass);
      return pass.build();
    }
    List<ContainerInstance> daemonHosts =
        service.daemon() ? DaemonScheduler.qualifying(service, snapshot.instances()) : List.of();
    int desired = service.daemon() ? daemonHosts.size() : service.desiredCount();
    if (desired != service.desiredCount()) {
      pass.service(service.withDesiredCount(desired));
    }
    StartFailures.observe(pass);
    CircuitBreaker.check(pass, desired, random);
    boolean settled = service.daemon()
        ? DaemonScheduler.plan(pass, daemonHosts, random)
        : ReplicaScheduler.plan(pass, random);
    PassEnd.finish(pass, desired, settled);
    return pass.build();
  }
}
