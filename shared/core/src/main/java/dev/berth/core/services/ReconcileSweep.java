package dev.berth.core.services;

import dev.berth.core.clusters.Clusters;
import dev.berth.core.store.ReconcileQueue;
import dev.berth.core.store.ServiceStore;
import dev.berth.model.Cluster;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The scheduled sweep (every minute): it does no reconciling itself, it fans the work out onto the
 * reconcile queue so it spreads over concurrent reconciler invocations. Per ACTIVE cluster, one
 * message for the cluster's missing-instance detection and ledger repair, and one per service that is due: the
 * services in their steady state are not in the due index at all, so a quiet cluster costs one
 * index query however many services it has.
 */
@Singleton
public final class ReconcileSweep {
  private final Clusters clusters;
  private final ServiceStore services;
  private final ReconcileQueue queue;
  private final Clock clock;

  @Inject
  public ReconcileSweep(Clusters clusters, ServiceStore services, ReconcileQueue queue, Clock clock) {
    this.clusters = clusters;
    this.services = services;
    this.queue = queue;
    this.clock = clock;
  }

  /** What one sweep fanned out. */
  public record Result(int clusters, int services, int sendCalls) {}

  public Result sweep() {
    Instant now = clock.instant();
    List<String> messages = new ArrayList<>();
    int clusterCount = 0;
    int serviceCount = 0;
    for (Cluster cluster : clusters.all()) {
      if (!cluster.active()) {
        continue;
      }
      clusterCount++;
      messages.add(ReconcileTarget.cluster(cluster.name()).toJson());
      for (String service : services.due(cluster.name(), now)) {
        serviceCount++;
        messages.add(ReconcileTarget.service(cluster.name(), service).toJson());
      }
    }
    return new Result(clusterCount, serviceCount, queue.sendAll(messages));
  }
}
