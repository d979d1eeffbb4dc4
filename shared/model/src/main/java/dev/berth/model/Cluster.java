package dev.berth.model;

import java.time.Instant;
import java.util.List;

/** A cluster; {@code deletedAt} is when an INACTIVE one was deleted. */
public record Cluster(String name, String status, Instant createdAt, long version, List<Tag> tags,
    List<KeyValue> settings, Instant deletedAt) {
  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";
  /** How long a deleted cluster stays in ListClusters, as ECS keeps INACTIVE clusters discoverable for a while. */
  public static final java.time.Duration LISTED_AFTER_DELETION = java.time.Duration.ofHours(1);

  /** A cluster that has not been deleted. */
  public Cluster(String name, String status, Instant createdAt, long version, List<Tag> tags, List<KeyValue> settings) {
    this(name, status, createdAt, version, tags, settings, null);
  }

  /** ListClusters shows ACTIVE clusters, and INACTIVE ones for {@link #LISTED_AFTER_DELETION} after their deletion. */
  public boolean listedAt(Instant now) {
    return active() || deletedAt != null && now.isBefore(deletedAt.plus(LISTED_AFTER_DELETION));
  }

  public boolean active() {
    return ACTIVE.equals(status);
  }
}
