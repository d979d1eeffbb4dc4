package dev.berth.core.ledger;

import java.time.Duration;

/**
 * The ledger rule, in one place. The ledger is the set of container-instance items
 * ({@link dev.berth.core.store.ContainerInstanceStore}); each holds its registered resources, what
 * remains, the ports and GPUs in use, and one reservation entry per live task placed on it (task
 * id to CPU, memory, ports, GPUs, the time it was reserved, and a RUNNING mark once the task ran).
 *
 * <ol>
 *   <li><b>Placement</b> is two writes: one conditional UpdateItem on the chosen instance item that
 *       succeeds only when what the task needs is free there ({@code tasks.LedgerPlacer}), then a
 *       conditional put of the task item under the id chosen before the reservation
 *       ({@code tasks.TaskCommit}).
 *   <li><b>Release</b> is two writes: the task item becomes STOPPED, then one conditional UpdateItem
 *       gives the resources back, conditioned on the task's entry still being there, so it happens
 *       exactly once however often it is tried ({@code tasks.TaskFinisher}).
 *   <li><b>RUNNING</b>: when a task is reported RUNNING, its entry is marked running (the cluster
 *       counts are summed from the marks).
 *   <li><b>The invariant</b> ({@link LedgerAudit}): for every instance, registered = remaining + the
 *       sum of its entries; every entry belongs to a task that is not STOPPED, or is younger than
 *       {@link #GRACE} (its task item may still be on its way).
 *   <li><b>Repair</b> ({@link LedgerRepair}) mends what a crash between two of those writes leaves,
 *       looking only where such a crash leaves a trace: an entry not yet marked running (a
 *       placement in flight, or one that died before its task write), and a task whose last write
 *       still waits for its event (a stop whose release may not have happened). A task that ran and
 *       is running leaves neither, so a steady cluster costs repair no task reads at all.
 *   <li>No transaction and no cluster-wide item on these paths: each write touches one item.
 * </ol>
 */
public final class Ledger {
  /** How long a reservation may exist without its task item (a placement in flight). */
  public static final Duration GRACE = Duration.ofMinutes(2);

  private Ledger() {}
}
