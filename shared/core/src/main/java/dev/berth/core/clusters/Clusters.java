package dev.berth.core.clusters;

import dev.berth.core.Retry;
import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.ServiceStore;
import dev.berth.model.Cluster;
import dev.berth.model.ClusterCounts;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.KeyValue;
import dev.berth.model.Names;
import dev.berth.model.Tag;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.ServiceStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Cluster lifecycle: create (idempotent by name), delete when empty, look up, count. */
@Singleton
public final class Clusters {
  private final ClusterStore clusters;
  private final ContainerInstanceStore instances;
  private final ServiceStore services;
  private final Clock clock;

  @Inject
  public Clusters(ClusterStore clusters, ContainerInstanceStore instances, ServiceStore services, Clock clock) {
    this.services = services;
    this.clusters = clusters;
    this.instances = instances;
    this.clock = clock;
  }

  /** Creates a cluster, or returns the ACTIVE one of that name; a deleted one is brought back. */
  public Cluster create(String name, List<Tag> tags, List<KeyValue> settings) {
    return create(name, tags, settings, null);
  }

  /** CreateCluster with its configuration (ClusterConfiguration JSON as Berth recorded it, or null). */
  public Cluster create(String name, List<Tag> tags, List<KeyValue> settings, String configuration) {
    Names.requireName("Cluster name", name);
    List<KeyValue> checked = ClusterSettings.merge(List.of(), settings);
    return Retry.onConflict(() -> {
      Optional<Cluster> existing = clusters.get(name);
      if (existing.isPresent() && existing.get().active()) {
        return existing.get();
      }
      long version = existing.map(Cluster::version).orElse(0L);
      Cluster cluster = new Cluster(name, Cluster.ACTIVE, clock.instant(), version + 1, tags, checked,
          configuration, null);
      clusters.put(cluster, version);
      return cluster;
    });
  }

  /** The ACTIVE cluster of that name, or ClusterNotFoundException. */
  public Cluster require(String name) {
    return clusters.get(name).filter(Cluster::active).orElseThrow(EcsException::clusterNotFound);
  }

  /** Changes an ACTIVE cluster's tags; ClusterNotFoundException when there is none. */
  public List<Tag> retag(String name, UnaryOperator<List<Tag>> change) {
    return Retry.onConflict(() -> {
      Cluster cluster = require(name);
      List<Tag> next = change.apply(cluster.tags());
      if (!next.equals(cluster.tags())) {
        clusters.put(cluster.with(next, cluster.settings(), cluster.configuration()), cluster.version());
      }
      return next;
    });
  }

  /**
   * UpdateCluster and UpdateClusterSettings: the settings given replace those of the same name, and
   * a configuration given (null: unchanged) replaces the old one.
   */
  public Cluster update(String name, List<KeyValue> settings, String configuration) {
    return Retry.onConflict(() -> {
      Cluster cluster = require(name);
      Cluster next = cluster.with(cluster.tags(), ClusterSettings.merge(cluster.settings(), settings),
          configuration != null ? configuration : cluster.configuration());
      if (next.settings().equals(cluster.settings()) && java.util.Objects.equals(next.configuration(),
          cluster.configuration())) {
        return cluster;
      }
      clusters.put(next, cluster.version());
      return next;
    });
  }

  public Optional<Cluster> find(String name) {
    return clusters.get(name);
  }

  public List<Cluster> all() {
    return clusters.all();
  }

  /** What ListClusters lists: ACTIVE clusters and those deleted within the last hour, by name. */
  public List<Cluster> listed() {
    var now = clock.instant();
    return clusters.all().stream().filter(c -> c.listedAt(now)).toList();
  }

  /** Deletes an empty cluster; it stays describable as INACTIVE. */
  public Cluster delete(String name) {
    return Retry.onConflict(() -> {
      Cluster cluster = require(name);
      if (instances.countRegistered(name) > 0) {
        throw EcsException.clusterContains("ContainerInstances",
            "The Cluster cannot be deleted while Container Instances are active or draining.");
      }
      if (services.summaries(name).stream().anyMatch(sv -> sv.status() != ServiceStatus.INACTIVE)) {
        throw EcsException.clusterContains("Services", "The Cluster cannot be deleted while Services are active.");
      }
      // No task check: a live task holds a reservation on an ACTIVE or DRAINING instance, which
      // already refused the deletion above; the only other live tasks are the orphans of a forced
      // deregistration, which ECS no longer accounts for. So no task item needs to be read.
      Cluster deleted = new Cluster(name, Cluster.INACTIVE, cluster.createdAt(), cluster.version() + 1, cluster.tags(),
          cluster.settings(), cluster.configuration(), clock.instant());
      clusters.put(deleted, cluster.version());
      return deleted;
    });
  }

  /**
   * DescribeClusters' counts, read from the cluster's container-instance items (a cluster has far
   * fewer instances than tasks) and its service summaries; never from the task items, of which a
   * busy cluster holds thousands, most of them STOPPED. Each instance's ledger holds one entry per
   * live task, marked once the task-state function applied its RUNNING report, so summing the
   * entries gives running and pending. No counter is written for this: placement and release touch
   * only the instance and task items, as before, and the mark is one more per-instance write.
   * INACTIVE instances are left out: their instance is deregistered and the tasks still on it
   * are orphans, which ECS no longer accounts for.
   */
  public ClusterCounts counts(Cluster cluster) {
    if (!cluster.active()) {
      return ClusterCounts.ZERO;
    }
    int registered = 0;
    int running = 0;
    int pending = 0;
    for (ContainerInstance instance : instances.inCluster(cluster.name())) {
      if (ContainerInstance.INACTIVE.equals(instance.status())) {
        continue;
      }
      registered++;
      running += instance.runningTaskCount();
      pending += instance.pendingTaskCount();
    }
    int activeServices = (int) services.summaries(cluster.name()).stream()
        .filter(sv -> sv.status() == ServiceStatus.ACTIVE).count();
    return new ClusterCounts(registered, running, pending, activeServices);
  }

  /** Instances' task counts: running = desiredStatus RUNNING (ECS's definition), pending = lastStatus PENDING. */
  public static int[] taskCounts(ContainerInstance instance, List<Task> tasksOnInstance) {
    int running = 0;
    int pending = 0;
    for (Task t : tasksOnInstance) {
      if (t.stopped()) {
        continue;
      }
      if (TaskStatus.RUNNING.name().equals(t.desiredStatus())) {
        running++;
      }
      if (TaskStatus.PENDING.name().equals(t.lastStatus())) {
        pending++;
      }
    }
    return new int[] {running, pending};
  }
}
