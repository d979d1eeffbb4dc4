package dev.berth.scheduler.service;

import dev.berth.model.service.Deployment;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.TaskDefinitionRevision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pass of the service scheduler decided; the caller carries it out. {@code service} is
 * the service as it should be stored (status, desiredCount, task definition, throttle, and the
 * new events already at the head of its log; its version is left for the store to advance).
 * {@code deployments} is every deployment after the pass, PRIMARY first, with the ones that went
 * INACTIVE in this pass still listed. {@code events} are the new events, newest first.
 */
public record ServicePlan(
    Service service,
    List<Deployment> deployments,
    List<TaskLaunch> launches,
    List<TaskStop> stops,
    List<ServiceEvent> events,
    boolean steadyState,
    boolean deadlocked,
    boolean throttled,
    boolean circuitBreakerTripped,
    Rollback rollback) {

  /** The stop code of every stop the service scheduler asks for. */
  public static final String SERVICE_SCHEDULER_INITIATED = "ServiceSchedulerInitiated";
  /** ECS's stoppedReason for a service task stopped because its container health checks fail. */
  public static final String FAILED_HEALTH_CHECKS = "Task failed container health checks";
  /** The start of ECS's stoppedReason for a task its load balancer reports unhealthy; the target group follows. */
  public static final String FAILED_ELB_HEALTH_CHECKS = "Task failed ELB health checks in ";

  public ServicePlan {
    Objects.requireNonNull(service, "service");
    deployments = List.copyOf(deployments);
    launches = List.copyOf(launches);
    stops = List.copyOf(stops);
    events = List.copyOf(events);
  }

  /**
   * Start {@code count} tasks of the deployment. The caller places them (REPLICA) or starts one on
   * each named instance (DAEMON, where {@code containerInstanceIds} has {@code count} entries).
   */
  public record TaskLaunch(String deploymentId, TaskDefinitionRevision taskDefinition, int count,
      List<String> containerInstanceIds) {
    public TaskLaunch {
      containerInstanceIds = List.copyOf(containerInstanceIds);
    }
  }

  /** Stop a task: desiredStatus STOPPED with this stop code and reason. */
  public record TaskStop(String taskId, String stopCode, String reason) {}

  /**
   * The circuit breaker failed {@code failedDeploymentId} and rolls back: {@code deployment} is
   * the new PRIMARY (already in {@link #deployments()}), running the task definition of the last
   * completed deployment {@code toDeploymentId}.
   */
  public record Rollback(Deployment deployment, String failedDeploymentId, String toDeploymentId) {}

  public Optional<Rollback> rollbackDeployment() {
    return Optional.ofNullable(rollback);
  }

  /** Tasks to start, over all launches. */
  public int launchCount() {
    return launches.stream().mapToInt(TaskLaunch::count).sum();
  }

  public List<String> stoppedTaskIds() {
    return stops.stream().map(TaskStop::taskId).toList();
  }

  public Deployment primary() {
    return deployments.stream().filter(Deployment::primary).findFirst().orElseThrow();
  }

  public Optional<Deployment> deployment(String id) {
    return deployments.stream().filter(d -> d.id().equals(id)).findFirst();
  }
}
