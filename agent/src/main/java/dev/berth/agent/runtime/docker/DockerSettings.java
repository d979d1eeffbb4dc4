package dev.berth.agent.runtime.docker;

import java.util.Map;

/**
 * The agent variables only the Docker runtime reads.
 *
 * @param privilegedAllowed false unless ECS_DISABLE_PRIVILEGED=false (privileged containers refused)
 * @param logsEndpoint where the awslogs driver sends logs when the agent has a non-AWS endpoint
 *     (AWS_ENDPOINT_URL_LOGS, else AWS_ENDPOINT_URL), or null for CloudWatch Logs itself
 */
public record DockerSettings(PullBehavior pullBehavior, boolean privilegedAllowed, String logsEndpoint) {

  public static DockerSettings from(Map<String, String> env) {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_LOGS", env.get("AWS_ENDPOINT_URL"));
    return new DockerSettings(PullBehavior.parse(env.get("ECS_IMAGE_PULL_BEHAVIOR")),
        "false".equalsIgnoreCase(env.getOrDefault("ECS_DISABLE_PRIVILEGED", "true").trim()),
        endpoint == null || endpoint.isBlank() ? null : endpoint);
  }
}
