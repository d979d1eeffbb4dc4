package dev.berth.core.services;

import dev.berth.core.events.EcsEvents;
import dev.berth.core.instances.InstanceHealth;
import dev.berth.core.ledger.LedgerRepair;
import dev.berth.core.metrics.MetricNames;
import dev.berth.core.metrics.Metrics.Metric;
import dev.berth.core.metrics.Metrics;
import dev.berth.core.metrics.ReservationMetrics;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.ContainerInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Carries out one reconcile message: a pass over a service; one lost instance's loss; or for a
 * cluster the missing-instance detection (disconnected agents, lost instances and their tasks) and
 * the ledger repair (what a crash between two ledger writes left), then re-sends the EventBridge
 * events a crash left pending.
 * A cluster's minute reads its instance and heartbeat items once, and tasks only where something
 * is in flight (see {@link LedgerRepair}): its cost does not grow with its tasks or services. Each step is conditional and safe to
 * repeat, so a redelivered message does no harm.
 */
@Singleton
public final class Reconciler {
  private final ServiceReconciler services;
  private final InstanceHealth health;
  private final LedgerRepair repair;
  private final EcsEvents events;
  private final ContainerInstanceStore instances;
  private final Metrics metrics;

  @Inject
  public Reconciler(ServiceReconciler services, InstanceHealth health, LedgerRepair repair, EcsEvents events,
      ContainerInstanceStore instances, Metrics metrics) {
    this.events = events;
    this.instances = instances;
    this.metrics = metrics;
    this.services = services;
    this.health = health;
    this.repair = repair;
  }

  /** Returns a line per change made (for the function's log). */
  public List<String> handle(ReconcileTarget target) {
    Map<String, String> cluster = Map.of("ClusterName", target.cluster());
    if (target.isInstance()) {
      return health.settleLost(target.cluster(), target.instance());
    }
    if (!target.isCluster()) {
      var outcome = services.reconcile(target.cluster(), target.service(), target.wakeups());
      metrics.emitWithTotal(cluster, List.of(Metric.count(MetricNames.RECONCILE_PASSES, outcome.passes()),
          Metric.count(MetricNames.LEASE_CONFLICTS, outcome.held() || outcome.passed() ? 0 : 1)));
      return outcome.held() && (outcome.launched() > 0 || outcome.stopped() > 0)
          ? List.of("service " + target.service() + ": started " + outcome.launched() + ", stopped " + outcome.stopped())
          : List.of();
    }
    // The cluster's ledger items are read once for the minute's checks, and again only if one changed them.
    List<ContainerInstance> snapshot = instances.inCluster(target.cluster());
    List<String> changes = new ArrayList<>(health.detectMissing(target.cluster(), snapshot));
    List<String> repaired = repair.repair(target.cluster(), snapshot);
    changes.addAll(repaired);
    if (!changes.isEmpty()) {
      snapshot = instances.inCluster(target.cluster());
    }
    // after the repair, which looks at the tasks whose events are pending before they are sent
    int resent = events.redrive(target.cluster());
    // the minute's cluster metrics: ECS's reservations from the ledger items, and what this check found
    for (var record : ReservationMetrics.of(target.cluster(), snapshot)) {
      metrics.emit(record.dimensions(), record.metrics());
    }
    metrics.emitWithTotal(cluster, List.of(Metric.count(MetricNames.LEDGER_DRIFT, repaired.size()),
        Metric.count(MetricNames.EVENTS_RESENT, resent)));
    if (resent > 0) {
      changes.add("re-sent " + resent + " pending events");
    }
    return changes;
  }
}
