package dev.berth.core.services;

import dev.berth.core.Page;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.store.ServiceStore;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.service.ServiceDeployment;
import dev.berth.model.service.ServiceDeploymentStatus;
import dev.berth.model.service.ServiceRevision;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * ListServiceDeployments, DescribeServiceDeployments and DescribeServiceRevisions: reads of the
 * history each service keeps ({@link dev.berth.model.service.ServiceHistory}). A deleted service's
 * history goes with it.
 */
@Singleton
public final class ServiceDeployments {
  public static final int MAX_DESCRIBED = 20;

  private final Clusters clusters;
  private final ServiceStore store;

  @Inject
  public ServiceDeployments(Clusters clusters, ServiceStore store) {
    this.clusters = clusters;
    this.store = store;
  }

  /** A service deployment with the service it belongs to. */
  public record Found(ServiceState service, ServiceDeployment deployment) {}

  /** A service revision with the service it belongs to. */
  public record FoundRevision(ServiceState service, ServiceRevision revision) {}

  /** What a Describe call found, and the ARNs it did not. */
  public record Described<T>(List<T> found, List<String> missing) {}

  /** ListServiceDeployments: newest first, filtered by status and creation time, 20 to a page by default. */
  public Page<Found> list(String cluster, String serviceRef, List<String> statuses, Instant createdAfter,
      Instant createdBefore, Integer maxResults, String nextToken) {
    clusters.require(cluster);
    ServiceState service = live(cluster, Arns.serviceName(serviceRef, cluster))
        .orElseThrow(EcsException::serviceNotFound);
    Set<ServiceDeploymentStatus> wanted = EnumSet.noneOf(ServiceDeploymentStatus.class);
    for (String s : statuses == null ? List.<String>of() : statuses) {
      try {
        wanted.add(ServiceDeploymentStatus.valueOf(s));
      } catch (IllegalArgumentException e) {
        throw EcsException.invalidParameter("Invalid service deployment status: " + s);
      }
    }
    List<Found> matching = service.history().deployments().stream()
        .filter(d -> wanted.isEmpty() || wanted.contains(d.status()))
        .filter(d -> createdAfter == null || d.createdAt().isAfter(createdAfter))
        .filter(d -> createdBefore == null || d.createdAt().isBefore(createdBefore))
        .map(d -> new Found(service, d))
        .sorted(java.util.Comparator.comparing(ServiceDeployments::newestFirstKey))
        .toList();
    return Page.of(matching, ServiceDeployments::newestFirstKey, maxResults, nextToken, 20);
  }

  public Described<Found> describe(List<String> arns) {
    Map<String, Optional<ServiceState>> read = new HashMap<>();
    List<Found> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String arn : batch(arns, "serviceDeploymentArns")) {
      Arns.ServiceChild ref = Arns.serviceChild("service-deployment", arn);
      Optional<Found> hit = service(read, ref).flatMap(s -> s.history().deployment(ref.id()).map(d -> new Found(s, d)));
      hit.ifPresentOrElse(found::add, () -> missing.add(arn));
    }
    return new Described<>(found, missing);
  }

  public Described<FoundRevision> describeRevisions(List<String> arns) {
    Map<String, Optional<ServiceState>> read = new HashMap<>();
    List<FoundRevision> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String arn : batch(arns, "serviceRevisionArns")) {
      Arns.ServiceChild ref = Arns.serviceChild("service-revision", arn);
      Optional<FoundRevision> hit = service(read, ref)
          .flatMap(s -> s.history().revision(ref.id()).map(r -> new FoundRevision(s, r)));
      hit.ifPresentOrElse(found::add, () -> missing.add(arn));
    }
    return new Described<>(found, missing);
  }

  /** The service of a live (not INACTIVE) service deployment, or ServiceDeploymentNotFoundException. */
  Found require(String arn) {
    Arns.ServiceChild ref = Arns.serviceChild("service-deployment", arn);
    return live(ref.cluster(), ref.service())
        .flatMap(s -> s.history().deployment(ref.id()).map(d -> new Found(s, d)))
        .orElseThrow(EcsException::serviceDeploymentNotFound);
  }

  private Optional<ServiceState> service(Map<String, Optional<ServiceState>> read, Arns.ServiceChild ref) {
    return read.computeIfAbsent(ref.cluster() + "/" + ref.service(), k -> live(ref.cluster(), ref.service()));
  }

  private Optional<ServiceState> live(String cluster, String name) {
    return store.get(cluster, name).filter(s -> s.service().status() != ServiceStatus.INACTIVE);
  }

  private static List<String> batch(List<String> arns, String member) {
    if (arns == null || arns.isEmpty()) {
      throw EcsException.invalidParameter(member + " must name at least one ARN.");
    }
    if (arns.size() > MAX_DESCRIBED) {
      throw EcsException.invalidParameter(member + " can name at most " + MAX_DESCRIBED + " ARNs.");
    }
    return arns;
  }

  /** Sorts newest first under the ascending order pages use. */
  private static String newestFirstKey(Found f) {
    long millis = f.deployment().createdAt() == null ? 0 : f.deployment().createdAt().toEpochMilli();
    return String.format("%019d", Long.MAX_VALUE - millis) + "/" + f.deployment().id();
  }
}
