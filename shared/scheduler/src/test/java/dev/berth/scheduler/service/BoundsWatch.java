package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.service.Service;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Watches a service's bounds through a simulation: never more than maxTotal pending or running
 * tasks, and once the healthy count has reached minHealthy, never fewer healthy. Records the peak
 * total and the fewest healthy tasks seen once the floor was reached.
 */
final class BoundsWatch {
  boolean enabled = true;
  int peakTotal;
  int fewestHealthy = Integer.MAX_VALUE;
  private boolean floorReached;

  /** A new desiredCount moves the floor; a higher one has to be reached anew. */
  void floorMoved() {
    floorReached = false;
  }

  void check(Service service, List<ServiceTask> live, Instant now, Supplier<String> state) {
    int total = live.size();
    int healthy = (int) live.stream().filter(t -> t.healthyAt(now)).count();
    peakTotal = Math.max(peakTotal, total);
    if (!enabled) {
      return;
    }
    RolloutBounds bounds = RolloutBounds.of(service.desiredCount(), service.deploymentConfiguration());
    assertTrue(total <= bounds.maxTotal(),
        () -> "total " + total + " above maxTotal " + bounds.maxTotal() + " at " + now + ": " + state.get());
    if (healthy >= bounds.minHealthy()) {
      floorReached = true;
    }
    if (floorReached) {
      fewestHealthy = Math.min(fewestHealthy, healthy);
      assertFalse(healthy < bounds.minHealthy(),
          () -> "healthy " + healthy + " below minHealthy " + bounds.minHealthy() + " at " + now + ": " + state.get());
    }
  }
}
