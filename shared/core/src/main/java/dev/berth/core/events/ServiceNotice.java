package dev.berth.core.events;

import java.time.Instant;

/**
 * One of ECS's service events before it is rendered: an "ECS Service Action" or an "ECS Deployment
 * State Change" (see {@link ServiceActions}; {@link EventDetails} writes its JSON).
 */
public sealed interface ServiceNotice {
  String SERVICE_ACTION = "ECS Service Action";
  String DEPLOYMENT_STATE_CHANGE = "ECS Deployment State Change";

  /** The event's {@code detail-type}. */
  String detailType();

  String serviceArn();

  /** When it happened: the event's time. */
  Instant at();

  /**
   * @param eventType INFO, WARN or ERROR
   * @param reason null, or why a task could not be placed (RESOURCE:MEMORY, ...)
   * @param containerInstanceArn null, or the instance closest to fitting a task that could not be placed
   */
  record Action(String serviceArn, String clusterArn, String eventType, String eventName, Instant at, String reason,
      String containerInstanceArn) implements ServiceNotice {
    @Override
    public String detailType() {
      return SERVICE_ACTION;
    }
  }

  record DeploymentChange(String serviceArn, String eventType, String eventName, String deploymentId, Instant at,
      String reason) implements ServiceNotice {
    @Override
    public String detailType() {
      return DEPLOYMENT_STATE_CHANGE;
    }
  }
}
