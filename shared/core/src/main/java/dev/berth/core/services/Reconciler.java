package dev.berth.core.services;

import dev.berth.core.events.EcsEvents;
import dev.berth.core.instances.InstanceHealth;
import dev.berth.core.ledger.LedgerRepair;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Carries out one reconcile message: a pass over a service, or for a cluster the missing-instance
 * sweep (disconnected agents, lost instances and their tasks) and the ledger repair (reservations
 * orphaned by a crash between a placement's two writes), then re-sends the EventBridge events a
 * crash left pending. Each step is conditional and safe to
 * repeat, so a redelivered message does no harm.
 */
@Singleton
public final class Reconciler {
  private final ServiceReconciler services;
  private final InstanceHealth health;
  private final LedgerRepair repair;
  private final EcsEvents events;

  @Inject
  public Reconciler(ServiceReconciler services, InstanceHealth health, LedgerRepair repair, EcsEvents events) {
    this.events = events;
    this.services = services;
    this.health = health;
    this.repair = repair;
  }

  /** Returns a line per change made (for the function's log). */
  public List<String> handle(ReconcileTarget target) {
    if (!target.isCluster()) {
      var outcome = services.reconcile(target.cluster(), target.service());
      return outcome.held() && (outcome.launched() > 0 || outcome.stopped() > 0)
          ? List.of("service " + target.service() + ": started " + outcome.launched() + ", stopped " + outcome.stopped())
          : List.of();
    }
    List<String> changes = new ArrayList<>(health.sweep(target.cluster()));
    changes.addAll(repair.repair(target.cluster()));
    int resent = events.redrive(target.cluster());
    if (resent > 0) {
      changes.add("re-sent " + resent + " pending events");
    }
    return changes;
  }
}
