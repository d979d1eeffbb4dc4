package dev.berth.core.services;

import dev.berth.core.Config;
import dev.berth.core.store.ReconcileQueue;
import dev.berth.core.store.ServiceStore;
import dev.berth.model.service.Service;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Asks for a pass over a service because something it depends on changed: its definition, one of
 * its tasks, or an instance its tasks run on. The service is marked due first (durable: the
 * minute's sweep finds it even if the message below is lost) and then a message goes on the
 * reconcile queue, so the pass follows in seconds rather than at the next sweep (a few
 * seconds later for the events of tasks and instances).
 *
 * <p>The message carries the wakeup count the trigger set, and a pass saved with that count or a
 * higher one covers it (see {@link ServiceStore}): that pass read the service's tasks and
 * instances after the trigger. This holds only because every caller wakes a service after the
 * change is written, never before: a task's status or health after its write (and a stopped task
 * after its ledger release), an instance's status or attributes after its write (a lost
 * instance's services once it is INACTIVE, before its tasks are stopped: a pass replaces them from
 * there), a service's
 * definition after its create or save, a released protection after the tasks' writes. A caller
 * that woke first could have its change missed by a pass that counts as covering it.
 */
@Singleton
public final class ServiceTriggers {
  private final ServiceStore services;
  private final ReconcileQueue queue;
  private final Clock clock;
  /**
   * How long after a fleet event (a task's report, an instance's change) its services' message is
   * delivered ({@link Config#triggerSettle}, 5 s by default). The service is marked due at once; only
   * the pass waits, so that the events of tasks and instances that change together (a deployment's
   * tasks starting, a DAEMON service filling a cluster as instances register) are read by one pass
   * instead of a pass each: a pass covers every trigger it read, and the messages of those make
   * none. A change to the service itself (create, update) is not delayed.
   */
  private final Duration settle;

  @Inject
  public ServiceTriggers(ServiceStore services, ReconcileQueue queue, Clock clock, Config config) {
    this.services = services;
    this.queue = queue;
    this.clock = clock;
    this.settle = config.triggerSettle();
  }

  /**
   * Wakes one service, once the change that concerns it is written; nothing happens if it does not
   * exist or is INACTIVE.
   */
  public void wake(String cluster, String service) {
    wake(cluster, service, Duration.ZERO);
  }

  private void wake(String cluster, String service, Duration after) {
    services.wake(cluster, service, clock.instant()).ifPresent(wakeups ->
        queue.send(ReconcileTarget.woken(cluster, service, wakeups).toJson(), after));
  }

  /** Wakes the services that own tasks of these groups ({@code service:<name>}); other groups are standalone. */
  public void wakeGroups(String cluster, Collection<String> groups) {
    var names = new TreeSet<String>();
    for (String group : groups) {
      if (group != null && group.startsWith(Service.GROUP_PREFIX)) {
        names.add(group.substring(Service.GROUP_PREFIX.length()));
      }
    }
    names.forEach(name -> wake(cluster, name, settle));
  }

  /** Wakes the cluster's DAEMON services: an instance appeared, came back, or stopped qualifying. */
  public void wakeDaemons(String cluster) {
    services.daemons(cluster).forEach(name -> wake(cluster, name, settle));
  }
}
