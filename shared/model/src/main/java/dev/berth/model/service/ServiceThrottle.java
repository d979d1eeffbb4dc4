package dev.berth.model.service;

import java.time.Instant;

/**
 * What the service scheduler remembers about tasks that failed to start (PENDING straight to
 * STOPPED): how far it has counted them (the stoppedAt and task id of the last one counted, so a
 * failure is counted once however often the service is reconciled), how many of the current task
 * definition's launches failed in a row, and when it may launch again. A new task definition
 * clears the count.
 */
public record ServiceThrottle(Instant countedThrough, String countedThroughTaskId,
    TaskDefinitionRevision taskDefinition, int consecutiveFailures, Instant nextStartAllowedAt) {

  /** Nothing counted yet, no back-off. */
  public static final ServiceThrottle NONE = new ServiceThrottle(null, null, null, 0, null);

  public ServiceThrottle {
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures must not be negative");
    }
  }

  /** Whether launches must still wait at {@code now}. */
  public boolean delaysLaunchesAt(Instant now) {
    return nextStartAllowedAt != null && now.isBefore(nextStartAllowedAt);
  }
}
