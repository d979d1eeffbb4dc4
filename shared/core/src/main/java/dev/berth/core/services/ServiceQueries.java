package dev.berth.core.services;

import dev.berth.core.Page;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.store.ServiceStore;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The service reads: DescribeServices and ListServices. They read the service items and nothing
 * else, so the read-only function needs no queue (the commands are {@link Services}).
 */
@Singleton
public final class ServiceQueries {
  private final Clusters clusters;
  private final ServiceStore store;

  @Inject
  public ServiceQueries(Clusters clusters, ServiceStore store) {
    this.clusters = clusters;
    this.store = store;
  }

  /** Found services (any status) and the references that were not found. */
  public record Described(List<ServiceState> services, List<String> missing) {}

  public Described describe(String cluster, List<String> refs) {
    clusters.require(cluster);
    if (refs == null || refs.isEmpty()) {
      throw EcsException.invalidParameter("Services cannot be empty.");
    }
    if (refs.size() > 10) {
      throw EcsException.invalidParameter("At most 10 services can be described at once.");
    }
    List<ServiceState> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String ref : refs) {
      store.get(cluster, Arns.serviceName(ref, cluster)).ifPresentOrElse(found::add, () -> missing.add(ref));
    }
    return new Described(found, missing);
  }

  /**
   * ListServices: ACTIVE services only, by name, ten to a page unless asked otherwise. Every Berth
   * service is managed by its user (resourceManagementType CUSTOMER), none by ECS.
   */
  public Page<String> list(String cluster, String launchType, String schedulingStrategy,
      String resourceManagementType, Integer maxResults, String nextToken) {
    clusters.require(cluster);
    if (launchType != null && !List.of("EC2", "FARGATE", "EXTERNAL").contains(launchType)) {
      throw EcsException.invalidParameter("Invalid launchType: " + launchType);
    }
    if (schedulingStrategy != null && !List.of("REPLICA", "DAEMON").contains(schedulingStrategy)) {
      throw EcsException.invalidParameter("Invalid schedulingStrategy: " + schedulingStrategy);
    }
    List<String> names = store.summaries(cluster).stream()
        .filter(s -> s.status() == ServiceStatus.ACTIVE)
        .filter(s -> launchType == null || launchType.equals("EC2"))
        .filter(s -> schedulingStrategy == null || schedulingStrategy.equals(s.schedulingStrategy()))
        .filter(s -> resourceManagementType == null || resourceManagementType.equals("CUSTOMER"))
        .map(ServiceStore.Summary::name)
        .toList();
    return Page.of(names, Function.identity(), maxResults, nextToken, 10);
  }
}
