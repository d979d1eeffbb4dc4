package dev.berth.model.service;

import java.time.Instant;
import java.util.Objects;

/**
 * What one service deployment rolled out, kept unchanged: the task definition (Berth's services
 * have no load balancers, registries or network configuration to snapshot). {@code id} is the
 * 19-digit number of the {@code ecs-svc/} deployment that created it.
 */
public record ServiceRevision(String id, TaskDefinitionRevision taskDefinition, Instant createdAt) {

  public ServiceRevision {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(taskDefinition, "taskDefinition");
  }

  /** The revision id of a deployment: the number of its {@code ecs-svc/} id. */
  public static String idOf(String deploymentId) {
    return deploymentId.startsWith(Deployment.ID_PREFIX) ? deploymentId.substring(Deployment.ID_PREFIX.length())
        : deploymentId;
  }
}
