package dev.berth.model.service;

import java.util.Objects;

/**
 * One entry of a service's {@code loadBalancers}: the ELBv2 target group its tasks join, and the
 * container and container port whose host port is registered there.
 */
public record LoadBalancer(String targetGroupArn, String containerName, int containerPort) {
  public LoadBalancer {
    Objects.requireNonNull(targetGroupArn, "targetGroupArn");
    Objects.requireNonNull(containerName, "containerName");
  }
}
