package dev.berth.model;

import java.time.Instant;
import java.util.List;

public record Cluster(String name, String status, Instant createdAt, long version, List<Tag> tags,
    List<KeyValue> settings) {
  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";

  public boolean active() {
    return ACTIVE.equals(status);
  }
}
