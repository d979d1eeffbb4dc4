package dev.berth.core.store;

import dev.berth.model.service.Target;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The ELBv2 calls the service scheduler makes: look up target groups, register and deregister
 * targets, read target health and the deregistration delay. {@link ElbTargetGroups} makes them
 * against the AWS endpoint; unit tests use an in-memory one.
 */
public interface TargetGroups {

  /** A target group as CreateService checks it. */
  record Info(String arn, String targetType, List<String> loadBalancerArns) {
    public Info {
      loadBalancerArns = List.copyOf(loadBalancerArns);
    }
  }

  /** One registered target's health: ELB's state (healthy, unhealthy, initial, draining, unused, unavailable). */
  record Health(String id, int port, String state, String reason, String description) {}

  /** The groups found, by ARN; those that do not exist are absent. */
  Map<String, Info> describe(Collection<String> arns);

  /** The group's {@code deregistration_delay.timeout_seconds} (ELB's default 300 if it has none). */
  int deregistrationDelaySeconds(String arn);

  void register(String arn, List<Target> targets);

  /** Deregisters the targets; targets not registered are no error (ELB's own rule). */
  void deregister(String arn, List<Target> targets);

  /** Every target registered in the group, with its health. */
  List<Health> health(String arn);

  /** An ELBv2 call that failed after its retries: the caller leaves the work for its next pass. */
  final class Failure extends RuntimeException {
    public Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
