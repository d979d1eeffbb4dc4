package dev.berth.model;

/** What DescribeClusters counts for a cluster (from queries, not from the cluster item). */
public record ClusterCounts(int registeredContainerInstances, int runningTasks, int pendingTasks, int activeServices) {
  public static final ClusterCounts ZERO = new ClusterCounts(0, 0, 0, 0);
}
