package dev.berth.core.tasks;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.ContainerInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * This process's reading of each cluster's container instances, for the service scheduler's
 * placements. Reading every instance item of a cluster for every launch costs instances times
 * launches: at 5,000 instances and 5,000 services starting, tens of millions of items a minute.
 *
 * <p>A placement does not need a fresh reading to be correct. The ledger's reservation is
 * conditional on the instance as it is at that moment (room, ports, ACTIVE, agent connected), and
 * a refused one answers with the instance as it is, which {@link LedgerPlacer} puts in the view
 * and this process's reading too ({@link #saw}). So a stale reading costs refused reservations,
 * and misses resources freed and instances registered since it was read, for at most
 * {@link #FRESH_FOR}; a launch that could not place everything on a reading older than its own
 * start reads the cluster again ({@link #readSince}) before it reports the task unplaced.
 *
 * <p>What a service's plan decides from (which of its tasks sit on DRAINING or deregistered
 * instances, which instances a DAEMON service must cover) is not read from here: a pass reads
 * those instances itself, so a trigger is never answered with a reading older than its cause.
 */
@Singleton
public final class ClusterViews {
  /** How old a reading may be before a launch reads the cluster again. */
  public static final Duration FRESH_FOR = Duration.ofSeconds(10);
  /** Clusters whose readings one process keeps (a function's clusters beyond that are read again). */
  private static final int CLUSTERS = 16;

  /** A reading of a cluster's instances, and when it was made. */
  public record Reading(List<ContainerInstance> instances, Instant readAt) {
    public Reading {
      instances = List.copyOf(instances);
    }
  }

  private final ContainerInstanceStore store;
  private final Clock clock;
  private final Map<String, View> views = new LinkedHashMap<>(CLUSTERS, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, View> eldest) {
      return size() > CLUSTERS;
    }
  };

  @Inject
  public ClusterViews(ContainerInstanceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The cluster as read at most {@link #FRESH_FOR} ago, with this process's writes since applied. */
  public synchronized Reading current(String cluster) {
    View view = views.get(cluster);
    Instant now = clock.instant();
    if (view == null || now.isAfter(view.readAt.plus(FRESH_FOR)) || now.isBefore(view.readAt)) {
      return read(cluster);
    }
    return view.reading();
  }

  /** The cluster as read at {@code since} or later: the current reading if it is that new, else a new one. */
  public synchronized Reading readSince(String cluster, Instant since) {
    View view = views.get(cluster);
    return view != null && !view.readAt.isBefore(since) ? view.reading() : read(cluster);
  }

  /** Reads the cluster now and keeps the reading. */
  public synchronized Reading read(String cluster) {
    Instant at = clock.instant();
    View view = new View(at);
    store.inCluster(cluster).forEach(ci -> view.byId.put(ci.id(), ci));
    views.put(cluster, view);
    return view.reading();
  }

  /**
   * An instance as a ledger write of this process answered it (after a reservation, or as it was
   * when one was refused): kept if it is newer than the reading's.
   */
  public synchronized void saw(ContainerInstance instance) {
    View view = views.get(instance.cluster());
    if (view != null) {
      view.byId.merge(instance.id(), instance, (old, seen) -> seen.version() >= old.version() ? seen : old);
    }
  }

  private static final class View {
    final Instant readAt;
    final Map<String, ContainerInstance> byId = new TreeMap<>();

    View(Instant readAt) {
      this.readAt = readAt;
    }

    Reading reading() {
      return new Reading(List.copyOf(byId.values()), readAt);
    }
  }
}
