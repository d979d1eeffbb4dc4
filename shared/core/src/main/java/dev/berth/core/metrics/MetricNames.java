package dev.berth.core.metrics;

import java.util.Set;

/**
 * The names of Berth's metrics in the {@code Berth} namespace (ECS's own where ECS has one). The
 * template's alarms and dashboard use these names; a test checks that each name they use is here.
 */
public final class MetricNames {
  public static final String CPU_RESERVATION = "CPUReservation";
  public static final String MEMORY_RESERVATION = "MemoryReservation";
  public static final String GPU_RESERVATION = "GPUReservation";
  public static final String PENDING_TASK_COUNT = "PendingTaskCount";
  public static final String RUNNING_TASK_COUNT = "RunningTaskCount";
  public static final String PLACEMENT_FAILURES = "PlacementFailures";
  public static final String RECONCILE_PASSES = "ReconcilePasses";
  public static final String LEASE_CONFLICTS = "LeaseConflicts";
  public static final String LEDGER_DRIFT = "LedgerDrift";
  public static final String EVENTS_RESENT = "EventsResent";
  public static final String TASK_STATE_MESSAGES_APPLIED = "TaskStateMessagesApplied";
  public static final String TASK_STATE_MESSAGES_FAILED = "TaskStateMessagesFailed";
  public static final String TASK_STATE_MESSAGES_DEAD_LETTERED = "TaskStateMessagesDeadLettered";
  public static final String SWEEP_RUNS = "SweepRuns";
  public static final String CLUSTERS_SWEPT = "ClustersSwept";
  public static final String SERVICES_DUE = "ServicesDue";
  public static final String RECONCILE_ERRORS = "ReconcileErrors";

  public static final Set<String> ALL = Set.of(
      CPU_RESERVATION,
      MEMORY_RESERVATION,
      GPU_RESERVATION,
      PENDING_TASK_COUNT,
      RUNNING_TASK_COUNT,
      PLACEMENT_FAILURES,
      RECONCILE_PASSES,
      LEASE_CONFLICTS,
      LEDGER_DRIFT,
      EVENTS_RESENT,
      TASK_STATE_MESSAGES_APPLIED,
      TASK_STATE_MESSAGES_FAILED,
      TASK_STATE_MESSAGES_DEAD_LETTERED,
      SWEEP_RUNS,
      CLUSTERS_SWEPT,
      SERVICES_DUE,
      RECONCILE_ERRORS);

  private MetricNames() {}
}
