package dev.berth.core.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.store.EventBus;
import dev.berth.model.Arns;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECS's "ECS Service Action" and "ECS Deployment State Change" events for what a service's event log
 * and deployments gained after {@code since} (pure; {@link EventDetails} renders them). The log's entries are the ones ECS writes for
 * the same moments: steady state, start impaired, placement failure, deployment completed, failed,
 * rolling back; a deployment created since then is one in progress.
 */
public final class ServiceActions {
  private static final Pattern DEPLOYMENT = Pattern.compile("\\(deployment (ecs-svc/\\d+)\\)");
  private static final Pattern ROLLING_BACK = Pattern.compile(" rolling back to deployment (ecs-svc/\\d+)\\.$");
  private static final Pattern CLOSEST = Pattern.compile("\\(container-instance (\\w+)\\)");
  private static final Pattern ENCOUNTERED = Pattern.compile("encountered error \"([^\"]*)\"");
  private static final String NO_INSTANCE_MET = "was unable to place a task because no container instance met";

  private ServiceActions() {}

  /** The events, oldest first. */
  public static List<ServiceNotice> since(ServiceState state, Instant since, Arns arns) {
    String cluster = state.service().cluster();
    String serviceArn = arns.service(cluster, state.service().name());
    List<ServiceNotice> out = new ArrayList<>();
    List<ServiceEvent> log = state.service().events().stream().filter(e -> e.createdAt().isAfter(since))
        .sorted(Comparator.comparing(ServiceEvent::createdAt)).toList();
    boolean rollback = log.stream().anyMatch(e -> ROLLING_BACK.matcher(e.message()).find());
    if (!rollback) {
      // a rollback's new deployment is announced by its own in-progress event below
      state.deployments().stream().filter(d -> d.createdAt() != null && d.createdAt().isAfter(since))
          .sorted(Comparator.comparing(Deployment::createdAt))
          .forEach(d -> out.add(deployment(serviceArn, "INFO", "SERVICE_DEPLOYMENT_IN_PROGRESS", d.id(),
              d.createdAt(), "ECS deployment " + d.id() + " in progress.")));
    }
    for (ServiceEvent e : log) {
      String m = e.message();
      Matcher deployment = DEPLOYMENT.matcher(m);
      Matcher rollingBack = ROLLING_BACK.matcher(m);
      if (m.endsWith(" has reached a steady state.")) {
        out.add(action(serviceArn, cluster, arns, "INFO", "SERVICE_STEADY_STATE", e.createdAt(), null, null));
      } else if (m.endsWith(" is unable to consistently start tasks successfully.")) {
        out.add(action(serviceArn, cluster, arns, "WARN", "SERVICE_TASK_START_IMPAIRED", e.createdAt(), null, null));
      } else if (m.contains(NO_INSTANCE_MET)) {
        Matcher closest = CLOSEST.matcher(m);
        out.add(action(serviceArn, cluster, arns, "ERROR", "SERVICE_TASK_PLACEMENT_FAILURE", e.createdAt(),
            placementReason(m), closest.find() ? arns.containerInstance(cluster, closest.group(1)) : null));
      } else if (m.endsWith(") deployment completed.") && deployment.find()) {
        out.add(deployment(serviceArn, "INFO", "SERVICE_DEPLOYMENT_COMPLETED", deployment.group(1), e.createdAt(),
            "ECS deployment " + deployment.group(1) + " completed."));
      } else if (m.endsWith(") deployment failed: tasks failed to start.") && deployment.find()) {
        out.add(deployment(serviceArn, "ERROR", "SERVICE_DEPLOYMENT_FAILED", deployment.group(1), e.createdAt(),
            "ECS deployment circuit breaker: task failed to start."));
      } else if (rollingBack.find()) {
        String primary = state.deployments().stream().filter(d -> !d.inactive())
            .max(Comparator.comparing(Deployment::createdAt)).map(Deployment::id).orElse(rollingBack.group(1));
        out.add(deployment(serviceArn, "INFO", "SERVICE_DEPLOYMENT_IN_PROGRESS", primary, e.createdAt(),
            "ECS deployment circuit breaker: rolling back to deploymentId " + rollingBack.group(1) + "."));
      }
    }
    out.sort(Comparator.comparing(ServiceNotice::at));
    return out;
  }

  /** The newest time among the service's log entries and deployments (what has now been looked at). */
  public static Instant newest(ServiceState state, Instant otherwise) {
    Instant newest = otherwise;
    for (ServiceEvent e : state.service().events()) {
      newest = e.createdAt().isAfter(newest) ? e.createdAt() : newest;
    }
    for (Deployment d : state.deployments()) {
      newest = d.createdAt() != null && d.createdAt().isAfter(newest) ? d.createdAt() : newest;
    }
    return newest;
  }

  private static String placementReason(String message) {
    if (message.contains("insufficient memory")) {
      return "RESOURCE:MEMORY";
    }
    if (message.contains("insufficient CPU units")) {
      return "RESOURCE:CPU";
    }
    if (message.contains("already using a port")) {
      return "RESOURCE:PORTS";
    }
    Matcher encountered = ENCOUNTERED.matcher(message);
    return encountered.find() ? encountered.group(1) : null;
  }

  private static ServiceNotice action(String serviceArn, String cluster, Arns arns, String type, String name,
      Instant at, String reason, String instanceArn) {
    return new ServiceNotice.Action(serviceArn, arns.cluster(cluster), type, name, at, reason, instanceArn);
  }

  private static ServiceNotice deployment(String serviceArn, String type, String name, String deploymentId,
      Instant at, String reason) {
    return new ServiceNotice.DeploymentChange(serviceArn, type, name, deploymentId, at, reason);
  }
}
