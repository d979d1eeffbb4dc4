package dev.berth.scheduler.query;

import java.util.List;

/**
 * {@code agentVersion} compared as a dotted version, segment by segment, so {@code 1.9.0 < 1.15.0}
 * and {@code 1.15 == 1.15.0}.
 */
final class VersionCondition extends Condition {
  private final String version;

  VersionCondition(String subject, Operator operator, String version) {
    super(subject, operator, List.of(version));
    this.version = version;
  }

  @Override
  boolean holds(Subject instance) {
    String agentVersion = instance.agentVersion();
    return agentVersion != null && positive.accepts(Comparisons.compareVersions(agentVersion, version));
  }
}
