package dev.berth.core.services;

import dev.berth.core.store.TargetGroups;
import dev.berth.model.ContainerDefinition;
import dev.berth.model.EcsException;
import dev.berth.model.TaskDefinition;
import dev.berth.model.service.LoadBalancer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ECS's checks of a service's {@code loadBalancers}, {@code role} and
 * {@code healthCheckGracePeriodSeconds} at CreateService and UpdateService: the local rules first,
 * then one DescribeTargetGroups for the groups named. Nothing is written before they pass.
 */
final class LoadBalancerValidation {
  static final int MAX_TARGET_GROUPS = 5;

  private LoadBalancerValidation() {}

  /** The entries as given, each complete, at most five; or a refusal. */
  static List<LoadBalancer> parse(List<ServiceRequests.LoadBalancerEntry> requested) {
    if (requested.size() > MAX_TARGET_GROUPS) {
      throw EcsException.invalidParameter(
          "A service can have at most " + MAX_TARGET_GROUPS + " target groups in loadBalancers.");
    }
    return requested.stream().map(r -> {
      if (r.loadBalancerName() != null) {
        throw EcsException.invalidParameter("Berth supports Application and Network Load Balancer target groups "
            + "(targetGroupArn) only; loadBalancerName (Classic Load Balancer) is not supported.");
      }
      if (r.targetGroupArn() == null || r.targetGroupArn().isEmpty()) {
        throw EcsException.invalidParameter("targetGroupArn is required for each load balancer.");
      }
      if (r.containerName() == null || r.containerName().isEmpty()) {
        throw EcsException.invalidParameter("containerName is required for each load balancer.");
      }
      if (r.containerPort() == null) {
        throw EcsException.invalidParameter("containerPort is required for each load balancer.");
      }
      return new LoadBalancer(r.targetGroupArn(), r.containerName(), r.containerPort());
    }).toList();
  }

  /**
   * The rules that need no load balancer call: role, container and port. The health check grace
   * period is not among them: it also holds off container health checks, so a service without load
   * balancers keeps it (older ECS API versions refused it there; current ones accept it).
   */
  static void local(List<LoadBalancer> loadBalancers, String role, TaskDefinition definition) {
    if (loadBalancers.isEmpty() && role != null && !role.isEmpty()) {
      throw EcsException.invalidParameter(
          "The role parameter can only be specified for services that use a load balancer.");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (LoadBalancer lb : loadBalancers) {
      if (!lb.targetGroupArn().startsWith("arn:") || !lb.targetGroupArn().contains(":targetgroup/")) {
        throw EcsException.invalidParameter("Invalid targetGroupArn: " + lb.targetGroupArn());
      }
      if (!seen.add(lb.targetGroupArn())) {
        throw EcsException.invalidParameter(
            "The target group " + lb.targetGroupArn() + " is named more than once in loadBalancers.");
      }
      containerPort(definition, lb);
    }
  }

  /** The container's port mapping for {@code lb}, which must exist in the task definition. */
  static void containerPort(TaskDefinition definition, LoadBalancer lb) {
    ContainerDefinition container = definition.containerDefinitions().stream()
        .filter(c -> c.name().equals(lb.containerName())).findFirst()
        .orElseThrow(() -> EcsException.invalidParameter(
            "The container " + lb.containerName() + " does not exist in the task definition."));
    boolean mapped = container.portMappings().stream()
        .anyMatch(p -> p.containerPort() != null && p.containerPort() == lb.containerPort()
            && (p.protocol() == null || "tcp".equals(p.protocol())));
    if (!mapped) {
      throw EcsException.invalidParameter("The container " + lb.containerName() + " did not have a container port "
          + lb.containerPort() + " defined.");
    }
  }

  /** Each target group exists, sits behind a load balancer and takes instance targets. */
  static void remote(List<LoadBalancer> loadBalancers, TaskDefinition definition, TargetGroups elb) {
    if (loadBalancers.isEmpty()) {
      return;
    }
    Map<String, TargetGroups.Info> found;
    try {
      found = elb.describe(loadBalancers.stream().map(LoadBalancer::targetGroupArn).toList());
    } catch (TargetGroups.Failure e) {
      throw EcsException.server("Unable to validate the target groups: the load balancer service did not answer.");
    }
    for (LoadBalancer lb : loadBalancers) {
      TargetGroups.Info group = found.get(lb.targetGroupArn());
      if (group == null) {
        throw EcsException.invalidParameter(
            "The target group with targetGroupArn " + lb.targetGroupArn() + " does not exist.");
      }
      if (group.loadBalancerArns().isEmpty()) {
        throw EcsException.invalidParameter("The target group with targetGroupArn " + lb.targetGroupArn()
            + " does not have an associated load balancer.");
      }
      if (!"instance".equals(group.targetType())) {
        throw EcsException.invalidParameter("The provided target group " + lb.targetGroupArn() + " has target type "
            + group.targetType() + ", which is incompatible with the " + definition.networkMode()
            + " network mode specified in the task definition.");
      }
    }
  }
}
