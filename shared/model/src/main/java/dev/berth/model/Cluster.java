package dev.berth.model;

import java.time.Instant;
import java.util.List;

/**
 * A cluster. {@code settings} are its cluster settings (containerInsights); {@code configuration} is
 * its ClusterConfiguration as Berth recorded it from the request (JSON, typed by ECS's model), kept
 * and returned, or null when none was given; {@code deletedAt} is when an INACTIVE one was deleted.
 */
public record Cluster(String name, String status, Instant createdAt, long version, List<Tag> tags,
    List<KeyValue> settings, String configuration, Instant deletedAt) {
  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";
  /** How long a deleted cluster stays in ListClusters, as ECS keeps INACTIVE clusters discoverable for a while. */
  public static final java.time.Duration LISTED_AFTER_DELETION = java.time.Duration.ofHours(1);

  /** ListClusters shows ACTIVE clusters, and INACTIVE ones for {@link #LISTED_AFTER_DELETION} after their deletion. */
  public boolean listedAt(Instant now) {
    return active() || deletedAt != null && now.isBefore(deletedAt.plus(LISTED_AFTER_DELETION));
  }

  public Cluster {
    tags = tags == null ? List.of() : List.copyOf(tags);
    settings = settings == null ? List.of() : List.copyOf(settings);
  }

  /** A cluster that has not been deleted, without a configuration. */
  public Cluster(String name, String status, Instant createdAt, long version, List<Tag> tags,
      List<KeyValue> settings) {
    this(name, status, createdAt, version, tags, settings, null, null);
  }

  public boolean active() {
    return ACTIVE.equals(status);
  }

  /** The next version of this cluster with other tags, settings and configuration. */
  public Cluster with(List<Tag> newTags, List<KeyValue> newSettings, String newConfiguration) {
    return new Cluster(name, status, createdAt, version + 1, newTags, newSettings, newConfiguration, deletedAt);
  }
}
