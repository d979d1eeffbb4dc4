package dev.berth.scheduler.service;

import dev.berth.model.service.ServiceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The service event messages, worded as ECS words them, each prefixed {@code (service NAME)}, and
 * ECS's rule against repeating them: an event identical to the service's newest one is left out
 * until something else has happened or {@link #REPEAT_AFTER} has passed.
 */
public final class ServiceEvents {
  /** How long a repeated identical event stays suppressed. */
  public static final Duration REPEAT_AFTER = Duration.ofHours(6);

  private static final String TROUBLESHOOTING =
      " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";
  private static final String NO_INSTANCE_MET =
      " was unable to place a task because no container instance met all of its requirements.";

  public static String steadyState(String service) {
    return prefix(service) + " has reached a steady state.";
  }

  public static String deploymentCompleted(String service, String deploymentId) {
    return prefix(service) + " (deployment " + deploymentId + ") deployment completed.";
  }

  public static String unableToStopOrStart(String service) {
    return prefix(service) + " was unable to stop or start tasks during a deployment because of the service "
        + "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.";
  }

  public static String unableToConsistentlyStart(String service) {
    return prefix(service) + " is unable to consistently start tasks successfully.";
  }

  /** The most tasks one started or stopped event names; more make one event per ten, as ECS logs them. */
  public static final int TASKS_PER_EVENT = 10;

  /** The ids in runs of at most {@link #TASKS_PER_EVENT}, one event each (so no event grows with a service). */
  public static List<List<String>> inEvents(List<String> taskIds) {
    List<List<String>> out = new java.util.ArrayList<>();
    for (int from = 0; from < taskIds.size(); from += TASKS_PER_EVENT) {
      out.add(List.copyOf(taskIds.subList(from, Math.min(taskIds.size(), from + TASKS_PER_EVENT))));
    }
    return out;
  }

  public static String startedTasks(String service, List<String> taskIds) {
    return prefix(service) + " has started " + taskIds.size() + " tasks: " + tasks(taskIds) + ".";
  }

  public static String stoppedRunningTasks(String service, List<String> taskIds) {
    return prefix(service) + " has stopped " + taskIds.size() + " running tasks: " + tasks(taskIds) + ".";
  }

  /** Scale-in or a deployment left tasks running because they are protected. */
  public static String heldByProtection(String service, List<String> taskIds) {
    return prefix(service) + " was unable to stop " + taskIds.size() + " tasks because they are protected from "
        + "scale-in: " + tasks(taskIds) + ".";
  }

  /** Targets registered in one target group (once per group per batch, as ECS logs it). */
  public static String registeredTargets(String service, int count, String targetGroupArn) {
    return prefix(service) + " registered " + count + " targets in (target-group " + targetGroupArn + ")";
  }

  public static String deregisteredTargets(String service, int count, String targetGroupArn) {
    return prefix(service) + " deregistered " + count + " targets in (target-group " + targetGroupArn + ")";
  }

  /** Tasks of one deployment draining from their load balancers; ECS names the deployment as a task set. */
  public static String beganDraining(String service, String deploymentId, int tasks) {
    return "(service " + service + ", taskSet " + deploymentId + ") has begun draining connections on " + tasks
        + " tasks.";
  }

  /** A target the load balancer reports unhealthy, about to be replaced. */
  public static String unhealthyTarget(String service, String taskId, String instanceId, int port,
      String targetGroupArn, String reason) {
    return prefix(service) + " (task " + taskId + ") (instance " + instanceId + ") (port " + port
        + ") is unhealthy in (target-group " + targetGroupArn + ") due to (reason " + reason + ").";
  }

  /** The circuit breaker failed a deployment (ECS's wording as observed in service event logs). */
  public static String deploymentFailed(String service, String deploymentId) {
    return prefix(service) + " (deployment " + deploymentId + ") deployment failed: tasks failed to start.";
  }

  /** The circuit breaker rolls back to an earlier deployment (observed wording). */
  public static String rollingBack(String service, String toDeploymentId) {
    return prefix(service) + " rolling back to deployment " + toDeploymentId + ".";
  }

  /**
   * A launch found no instance. {@code closestInstanceId} is the closest matching instance (null
   * when the cluster has none) and {@code reason} the first requirement it did not meet: a
   * placement failure reason such as {@code RESOURCE:MEMORY}, or a constraint's message.
   */
  public static String unableToPlace(String service, String closestInstanceId, String reason) {
    if (closestInstanceId == null) {
      return prefix(service) + NO_INSTANCE_MET + " Reason: No Container Instances were found in your cluster."
          + TROUBLESHOOTING;
    }
    String closest = " The closest matching (container-instance " + closestInstanceId + ")";
    String what = switch (reason == null ? "" : reason) {
      case "RESOURCE:MEMORY" -> " has insufficient memory available.";
      case "RESOURCE:CPU" -> " has insufficient CPU units available.";
      case "RESOURCE:PORTS", "RESOURCE:PORTS_UDP" -> " is already using a port required by your task.";
      default -> " encountered error \"" + reason + "\".";
    };
    return prefix(service) + NO_INSTANCE_MET + closest + what + TROUBLESHOOTING;
  }

  /** A launch found no instance because of a constraint; {@code reason} is the constraint's message. */
  public static String unableToPlaceBecause(String service, String reason) {
    return prefix(service) + NO_INSTANCE_MET + " Reason: " + reason + TROUBLESHOOTING;
  }

  /**
   * Whether {@code message} repeats the newest of {@code newestFirst} within
   * {@link #REPEAT_AFTER} of {@code now}.
   */
  public static boolean suppressed(String message, List<ServiceEvent> newestFirst, Instant now) {
    if (newestFirst.isEmpty()) {
      return false;
    }
    ServiceEvent newest = newestFirst.get(0);
    return newest.message().equals(message) && now.isBefore(newest.createdAt().plus(REPEAT_AFTER));
  }

  /** ECS event ids are UUIDs; a 32-hex-digit id is written in that form. */
  public static String eventId(String raw) {
    if (raw.length() != 32) {
      return raw;
    }
    return raw.substring(0, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12, 16) + "-"
        + raw.substring(16, 20) + "-" + raw.substring(20);
  }

  private static String prefix(String service) {
    return "(service " + service + ")";
  }

  private static String tasks(List<String> taskIds) {
    return taskIds.stream().map(id -> "(task " + id + ")").collect(Collectors.joining(" "));
  }

  private ServiceEvents() {}
}
