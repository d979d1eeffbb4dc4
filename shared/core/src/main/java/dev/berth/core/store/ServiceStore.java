package dev.berth.core.store;

import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.TaskTargets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Service items, keyed by cluster and service name. Whoever changes a service holds its lease: a
 * reconcile pass for as long as it plans and acts, an UpdateService or DeleteService for its one
 * write. So two passes never act on one service at once (which is what keeps a service inside its
 * deployment bounds), and a user's change is never overwritten by a pass that read the service
 * before it. Triggers ({@link #wake}) take no lease: they bump a counter the lease holder checks
 * before letting go, and mark the service due for the sweep.
 *
 * <p>A pass's save also records the wakeup count the pass read before it read the service's tasks
 * and instances ({@code passedWakeups}). A trigger is written after the change it announces, so
 * every change announced by a wakeup up to that count was there for the pass to see: a trigger
 * message carrying such a count asks for nothing new, and {@link #acquireUnlessPassed} refuses it
 * in the same conditional write that would take the lease.
 */
public interface ServiceStore {
  /** A service whose events are pending: its state and version, when it changed, and what was sent. */
  record PendingEvents(ServiceState state, long version, Instant changedAt, Instant sentThrough) {}

  /** The service as it is now, if it is marked (read consistently). */
  Optional<PendingEvents> pendingEvents(String cluster, String name);

  /**
   * Records that EventBridge has the service's events up to {@code through}, and removes the mark
   * if the service is still at {@code version} (else a newer save marked it again, and keeps it).
   */
  void eventsSent(String cluster, String name, long version, Instant through);

  /** The names of the cluster's services marked since before {@code before}. */
  List<String> pendingEventsBefore(String cluster, Instant before);

  /**
   * A service as a lease holder read it, with the trigger count at that moment and the lease's
   * number: every {@link #acquire} takes a higher one than the last (an {@link #acquireAgain} keeps
   * it), so a holder's number is higher than that of any holder before it. Target writes carry it
   * (see {@link #recordTargets}).
   */
  record Held(ServiceState state, long wakeups, long lease) {}

  /** The wakeup count of a message no trigger counted (the sweep's, a timer's): no pass covers it. */
  long NO_WAKEUP = 0;

  /**
   * What a trigger's acquire found: the lease ({@code held}), or nothing, either because a pass
   * already covered the trigger ({@code passed}) or because the service is held or gone.
   */
  record Acquired(Optional<Held> held, boolean passed) {}

  /** A service as ListServices sees it. */
  record Summary(String name, ServiceStatus status, String schedulingStrategy) {}

  /**
   * The service as the API shows it. Its task ids and registered targets are kept apart from the
   * service item (a service may run thousands of tasks) and are not read here: {@link
   * ServiceState#taskIds()} and {@link ServiceState#targets()} are empty. Only a lease holder's read
   * ({@link #acquire}, {@link #acquireAgain}) carries them.
   */
  Optional<ServiceState> get(String cluster, String name);

  /**
   * Writes a new service (and its task ids, if it has any), due for a pass at {@code dueAt}.
   * {@code replacingVersion} is 0 for a name never used, else the version of the INACTIVE service
   * the new one replaces.
   */
  void create(ServiceState state, long replacingVersion, Instant dueAt);

  /**
   * Takes the service's lease until {@code until}, if nobody holds it (or the holder's lease ran
   * out at {@code now}); empty if it is held or the service does not exist. A command's lease
   * (UpdateService, DeleteService, StopServiceDeployment): the lease number does not move, as only
   * passes write target records, so a command that is refused after taking the lease and lets it
   * go leaves the item as it was.
   */
  Optional<Held> acquire(String cluster, String name, String owner, Instant now, Instant until);

  /**
   * A pass's lease: as {@link #acquire}, with the next lease number (what fences its target
   * records), and for a message announcing wakeup number {@code wakeups}: refused, with
   * {@code passed}, if a saved pass recorded a count at least that high (it read the service after
   * the change the message announces). One conditional write either way; a refused one reads
   * nothing more. {@link #NO_WAKEUP} is covered by no pass.
   */
  Acquired acquireUnlessPassed(String cluster, String name, long wakeups, String owner, Instant now, Instant until);

  /**
   * Extends a lease its holder still has and reads the service again (a holder woken during its
   * pass makes another one); empty if the lease was lost.
   */
  Optional<Held> acquireAgain(String cluster, String name, String owner, Instant until);

  /**
   * Extends a lease its holder still has, reading nothing (a pass renews before it acts); false if
   * the lease was lost. A lease that ran out and that nobody took since is still its holder's.
   */
  boolean renew(String cluster, String name, String owner, Instant until);

  /** Whether the service exists at all (to tell "held by someone" from "gone" after a refused acquire). */
  boolean exists(String cluster, String name);

  /**
   * Records task ids a pass is about to launch, before it places them, so that a pass that dies
   * half-way leaves the service knowing every task it may have started. False if the lease is lost.
   */
  boolean addTaskIds(String cluster, String name, String owner, Set<String> taskIds);

  /**
   * Forgets task ids the service has counted (its stopped tasks, and launches never written), after
   * the save that counted them; a crash in between leaves them to be forgotten by the next pass.
   * Their targets are not forgotten with them: a stopped task's targets are kept until {@link
   * #forgetTargets} (after they were deregistered).
   */
  void forgetTaskIds(String cluster, String name, Set<String> taskIds);

  /**
   * Records what tasks are registered as in the load balancers, one small item per task kept apart
   * from the service item (as its task ids are): written before the RegisterTargets call that
   * registers them, so that no registration is ever unknown to the service, and again when their
   * health changes. Each record carries the writer's {@code lease} number and is written only if the
   * one it replaces has no higher number. False, with some records perhaps not written, if {@code
   * owner} no longer holds the lease or a later holder has written one of these tasks' records: the
   * caller has lost the service and must not register anything.
   */
  boolean recordTargets(String cluster, String name, String owner, long lease, Map<String, TaskTargets> byTask);

  /**
   * Forgets tasks' targets after the DeregisterTargets calls that took them out of their groups. A
   * record a later holder (higher lease number) has written is kept: it may be that holder's
   * registration of the task, which a late deregistration here must not make unknown. False if one
   * was kept so; forgetting a record that is not there is no error.
   */
  boolean forgetTargets(String cluster, String name, long lease, Set<String> taskIds);

  /** How a lease holder's save went. */
  enum Saved {
    /** Saved and the lease let go: nothing woke the service meanwhile. */
    RELEASED,
    /** Saved, lease kept: a trigger arrived since the service was read, so it needs another pass. */
    WOKEN,
    /** Not saved: the lease had run out and someone else holds the service. */
    LEASE_LOST
  }

  /**
   * Saves the holder's new state (the version goes up by one) and lets the lease go, unless a
   * trigger bumped the wakeup count past {@code seenWakeups}: then it saves and keeps the lease,
   * and the caller reads the service again and makes another pass. {@code dueAt} null means the
   * service needs nothing more (it leaves the sweep's index). The task ids and targets are not
   * written here: {@link #addTaskIds}, {@link #forgetTaskIds}, {@link #recordTargets} and {@link
   * #forgetTargets} keep them, so a save costs the same however many tasks the service runs.
   */
  default Saved save(ServiceState next, String owner, long seenWakeups, Instant dueAt) {
    return save(next, owner, seenWakeups, dueAt, false);
  }

  /**
   * As {@link #save}; with {@code passed} (the holder made a pass: it read the service's tasks and
   * instances after it read {@code seenWakeups}), it also records {@code seenWakeups} as the count
   * passed, in the same write. A user's change reads no tasks and records nothing. Counts recorded
   * only grow: each holder read its count after the previous holder's save.
   */
  Saved save(ServiceState next, String owner, long seenWakeups, Instant dueAt, boolean passed);

  /** Lets a lease go without changing the service (a holder that found nothing to change). */
  void release(String cluster, String name, String owner);

  /**
   * Marks the service as needing a pass: due now, and one more wakeup for a lease holder to notice.
   * Returns the wakeup count this set (for the trigger's message), empty if there is no such service
   * or it is INACTIVE.
   */
  OptionalLong wake(String cluster, String name, Instant now);

  /**
   * The names of a cluster's services due for a pass at {@code now}, from the sparse index (a
   * service in its steady state is not in it, so this grows with the services that need work).
   */
  List<String> due(String cluster, Instant now);

  /**
   * The names of the cluster's DAEMON services, read consistently from one small item kept beside
   * them (an instance event wakes the daemons: it reads that item, not every service). Never misses
   * a DAEMON service that is not INACTIVE; may still name one that has become INACTIVE or whose
   * creation was refused, which a {@link #wake} then finds gone. In name order.
   */
  List<String> daemons(String cluster);

  /** Every service of a cluster, in name order, with only what listing needs. */
  List<Summary> summaries(String cluster);
}
