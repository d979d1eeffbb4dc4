package dev.berth.protocol;

import dev.berth.model.EcsException;
import dev.berth.model.Region;
import java.util.Set;

/**
 * Members that name an ECS resource may hold an ARN; that ARN must be of this deployment's
 * partition, region and account, or it would act on the local resource of the same name. The
 * resource type and the cluster segment are checked where the ARN is resolved ({@code Arns}).
 */
public final class ForeignArns {
  public static final Set<String> REFERENCES = Set.of("cluster", "clusters", "containerInstance",
      "containerInstances", "containerInstanceArn", "task", "tasks", "taskArn", "service", "services",
      "serviceName", "taskDefinition", "family", "serviceDeploymentArn", "serviceDeploymentArns",
      "serviceRevisionArns");

  private ForeignArns() {}

  static void check(Region home, String member, String value, String path) {
    if (home == null || member == null || !REFERENCES.contains(member) || !value.startsWith("arn:")) {
      return;
    }
    if (!value.startsWith(home.arnPrefix())) {
      throw EcsException.invalidParameter("The ARN in " + path + " is not of this partition, region and account ("
          + home.arnPrefix() + ").");
    }
  }
}
