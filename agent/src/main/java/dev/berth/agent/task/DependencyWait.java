package dev.berth.agent.task;

import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStartException;
import dev.berth.agent.runtime.ContainerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Waits until a container's dependsOn conditions hold, as ECS orders a task's start: START (the
 * dependency has started), COMPLETE (it has exited), SUCCESS (it has exited with 0), HEALTHY (its
 * health check passes). A condition that can no longer hold (SUCCESS after a non-zero exit,
 * HEALTHY after an exit or an UNHEALTHY result), or that does not hold within the timeout, fails
 * the start.
 */
final class DependencyWait {
  static final Duration POLL = Duration.ofMillis(250);

  private final ContainerRuntime runtime;
  private final Clock clock;
  private final Duration timeout;

  DependencyWait(ContainerRuntime runtime, Clock clock, Duration timeout) {
    this.runtime = runtime;
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * @param runtimeIds the runtime id of each container of the task started so far (null if not)
   * @param cancelled true once the task is being stopped, which ends the wait quietly
   */
  void await(ContainerSpec container, Function<String, String> runtimeIds, BooleanSupplier cancelled)
      throws ContainerStartException, InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    for (ContainerOptions.Dependency d : container.options().dependsOn()) {
      String id = runtimeIds.apply(d.containerName());
      if (id == null) {
        throw never(container, d, "it did not start");
      }
      while (!cancelled.getAsBoolean()) {
        ContainerState s = runtime.state(id);
        String outcome = check(d.condition(), s);
        if (outcome == null) {
          break;
        }
        if (!outcome.isEmpty()) {
          throw never(container, d, outcome);
        }
        if (clock.instant().isAfter(deadline)) {
          throw never(container, d, "it did not happen within " + timeout.toSeconds() + " s");
        }
        Thread.sleep(POLL.toMillis());
      }
    }
  }

  /** null: holds; "": not yet; anything else: can no longer hold, and why. */
  private static String check(String condition, ContainerState s) {
    return switch (condition) {
      case "START" -> null;
      case "COMPLETE" -> s.running() ? "" : null;
      case "SUCCESS" -> s.running() ? "" : Integer.valueOf(0).equals(s.exitCode()) ? null
          : "it exited with " + s.exitCode();
      case "HEALTHY" -> ContainerState.HEALTHY.equals(s.health()) ? null
          : ContainerState.UNHEALTHY.equals(s.health()) ? "it is UNHEALTHY"
          : !s.running() ? "it exited with " + s.exitCode() : "";
      default -> "unknown condition " + condition;
    };
  }

  private static ContainerStartException never(ContainerSpec c, ContainerOptions.Dependency d, String why) {
    return new ContainerStartException("DependencyConditionNeverSatisfied: container " + c.name()
        + " depends on " + d.containerName() + " being " + d.condition() + ", but " + why);
  }
}
