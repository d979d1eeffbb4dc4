package dev.berth.scheduler.service;

import dev.berth.model.ContainerInstance;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.Service;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one pass of the service scheduler reads: the service, its deployments (INACTIVE
 * ones may be included; they are only looked at as rollback targets), its tasks (recently STOPPED
 * ones included: they are how failures are noticed), container instances (for a DAEMON service
 * every instance of the cluster; for a REPLICA service at least those its live tasks are on: an
 * instance a task names that is not here counts as gone), and the time. {@code daemonGroups} names the task groups of the cluster's DAEMON services, so that a
 * daemon on a draining instance waits for the other services' tasks but not for other daemons.
 */
public record ServiceSnapshot(Service service, List<Deployment> deployments, List<ServiceTask> tasks,
    List<ContainerInstance> instances, Set<String> daemonGroups, Instant now) {

  public ServiceSnapshot {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(now, "now");
    deployments = List.copyOf(deployments);
    tasks = List.copyOf(tasks);
    instances = List.copyOf(instances);
    daemonGroups = daemonGroups == null ? Set.of() : Set.copyOf(daemonGroups);
  }

  public ServiceSnapshot(Service service, List<Deployment> deployments, List<ServiceTask> tasks,
      List<ContainerInstance> instances, Instant now) {
    this(service, deployments, tasks, instances, Set.of(), now);
  }
}
