package dev.berth.model.service;

import java.util.Objects;

/** One revision of a task definition family, as a service or deployment runs it. */
public record TaskDefinitionRevision(String family, int revision) {

  public TaskDefinitionRevision {
    Objects.requireNonNull(family, "family");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be positive: " + revision);
    }
  }

  /** {@code family:revision}. */
  @Override
  public String toString() {
    return family + ":" + revision;
  }
}
