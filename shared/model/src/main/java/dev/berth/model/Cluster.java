package dev.berth.model;

import java.time.Instant;
import java.util.List;

/**
 * A cluster. {@code settings} are its cluster settings (containerInsights); {@code configuration} is
 * its ClusterConfiguration as Berth recorded it from the request (JSON, typed by ECS's model), kept
 * and returned, or null when none was given.
 */
public record Cluster(String name, String status, Instant createdAt, long version, List<Tag> tags,
    List<KeyValue> settings, String configuration) {
  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";

  public Cluster {
    tags = tags == null ? List.of() : List.copyOf(tags);
    settings = settings == null ? List.of() : List.copyOf(settings);
  }

  public Cluster(String name, String status, Instant createdAt, long version, List<Tag> tags,
      List<KeyValue> settings) {
    this(name, status, createdAt, version, tags, settings, null);
  }

  public boolean active() {
    return ACTIVE.equals(status);
  }

  /** The next version of this cluster with other tags, settings and configuration. */
  public Cluster with(List<Tag> newTags, List<KeyValue> newSettings, String newConfiguration) {
    return new Cluster(name, status, createdAt, version + 1, newTags, newSettings, newConfiguration);
  }
}
