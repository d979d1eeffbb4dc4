package dev.berth.core.services;

import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.Tag;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.TaskTagging;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.Strategy;
import java.util.List;

/** CreateService and UpdateService requests, decoded (the API layer reads the JSON). */
public final class ServiceRequests {

  /**
   * A deploymentConfiguration as given: each member may be absent. Absent members take ECS's
   * defaults on create and stay as they were on update.
   */
  public record DeploymentPatch(Integer maximumPercent, Integer minimumHealthyPercent,
      DeploymentCircuitBreaker deploymentCircuitBreaker) {
    public static final DeploymentPatch NONE = new DeploymentPatch(null, null, null);

    public DeploymentConfiguration applyTo(DeploymentConfiguration base) {
      if (maximumPercent != null && maximumPercent < 0 || minimumHealthyPercent != null && minimumHealthyPercent < 0) {
        throw dev.berth.model.EcsException.invalidParameter("Deployment percentages can not be negative.");
      }
      return new DeploymentConfiguration(
          maximumPercent != null ? maximumPercent : base.maximumPercent(),
          minimumHealthyPercent != null ? minimumHealthyPercent : base.minimumHealthyPercent(),
          deploymentCircuitBreaker != null ? deploymentCircuitBreaker : base.deploymentCircuitBreaker());
    }
  }

  /** A loadBalancers entry as given: any member may be missing. */
  public record LoadBalancerEntry(String targetGroupArn, String loadBalancerName, String containerName,
      Integer containerPort) {}

  public record Create(
      String cluster,
      String serviceName,
      String taskDefinition,
      Integer desiredCount,
      SchedulingStrategy schedulingStrategy,
      DeploymentPatch deploymentConfiguration,
      List<Constraint> placementConstraints,
      List<Strategy> placementStrategy,
      String clientToken,
      List<Tag> tags,
      Integer healthCheckGracePeriodSeconds,
      TaskTagging taskTagging,
      List<LoadBalancerEntry> loadBalancers,
      String role) {

    public Create {
      taskTagging = taskTagging == null ? TaskTagging.DEFAULT : taskTagging;
      loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
      schedulingStrategy = schedulingStrategy == null ? SchedulingStrategy.REPLICA : schedulingStrategy;
      deploymentConfiguration = deploymentConfiguration == null ? DeploymentPatch.NONE : deploymentConfiguration;
      placementConstraints = placementConstraints == null ? List.of() : List.copyOf(placementConstraints);
      placementStrategy = placementStrategy == null ? List.of() : List.copyOf(placementStrategy);
      tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * What makes two creations "the same": everything but the client token. ECS returns the
     * existing service for the same parameters and refuses different ones.
     */
    public String fingerprint() {
      return new Fingerprint.Create(cluster, serviceName, taskDefinition, desiredCount, schedulingStrategy,
          deploymentConfiguration, Constraint.toModel(placementConstraints), Strategy.toModel(placementStrategy), null,
          tags, healthCheckGracePeriodSeconds, taskTagging, loadBalancers, role).toString();
    }
  }

  /**
   * The text of a creation's fingerprint: {@link Create}'s members with placement in ECS's stored
   * form, so services created before placement was parsed keep matching their retries.
   */
  private static final class Fingerprint {
    private record Create(String cluster, String serviceName, String taskDefinition, Integer desiredCount,
        SchedulingStrategy schedulingStrategy, DeploymentPatch deploymentConfiguration,
        List<PlacementConstraint> placementConstraints, List<PlacementStrategy> placementStrategy, String clientToken,
        List<Tag> tags, Integer healthCheckGracePeriodSeconds, TaskTagging taskTagging,
        List<LoadBalancerEntry> loadBalancers, String role) {}
  }

  /**
   * Null members are left unchanged; a given placement list replaces the old one ({@code []} clears
   * it). A new healthCheckGracePeriodSeconds, propagateTags or enableECSManagedTags alone does not
   * start a deployment: the tagging applies to tasks started afterwards. New loadBalancers ({@code []}
   * removes them) do.
   */
  public record Update(
      String cluster,
      String service,
      Integer desiredCount,
      String taskDefinition,
      DeploymentPatch deploymentConfiguration,
      List<Constraint> placementConstraints,
      List<Strategy> placementStrategy,
      boolean forceNewDeployment,
      Integer healthCheckGracePeriodSeconds,
      String propagateTags,
      Boolean enableECSManagedTags,
      List<LoadBalancerEntry> loadBalancers) {

    public Update {
      deploymentConfiguration = deploymentConfiguration == null ? DeploymentPatch.NONE : deploymentConfiguration;
    }
  }

  private ServiceRequests() {}
}
