package dev.berth.core.tasks;

import dev.berth.model.Container;
import java.util.List;
import java.util.Set;

/**
 * A task's healthStatus from its containers', as ECS derives it: only essential containers count,
 * and of those only the ones with a health check (a published health); any UNHEALTHY makes the task
 * UNHEALTHY, else any UNKNOWN makes it UNKNOWN, else all HEALTHY make it HEALTHY. With no essential
 * container checked, there is no task health (null; DescribeTasks shows UNKNOWN) and services fall
 * back to ECS's rule for tasks without health checks.
 */
public final class TaskHealth {
  public static final String HEALTHY = "HEALTHY";
  public static final String UNHEALTHY = "UNHEALTHY";
  public static final String UNKNOWN = "UNKNOWN";
  public static final Set<String> STATUSES = Set.of(HEALTHY, UNHEALTHY, UNKNOWN);

  static String derive(List<Container> containers, Set<String> essential) {
    boolean anyChecked = false;
    boolean anyUnknown = false;
    for (Container c : containers) {
      if (!essential.contains(c.name()) || c.healthStatus() == null) {
        continue;
      }
      anyChecked = true;
      if (c.healthStatus().equals(UNHEALTHY)) {
        return UNHEALTHY;
      }
      anyUnknown |= c.healthStatus().equals(UNKNOWN);
    }
    if (!anyChecked) {
      return null;
    }
    return anyUnknown ? UNKNOWN : HEALTHY;
  }

  private TaskHealth() {}
}
