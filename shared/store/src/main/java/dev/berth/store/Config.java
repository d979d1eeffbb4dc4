package dev.berth.store;

import dev.berth.model.Region;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Berth reads from its environment, parsed once. In Lambda the template sets these; the
 * local runtime and the tests build their own.
 */
public record Config(
    Region region,
    Optional<URI> endpoint,
    String clustersTable,
    String containerInstancesTable,
    String taskDefinitionsTable,
    String tasksTable,
    String idempotencyTable,
    String heartbeatsTable,
    String servicesTable,
    String identitiesTable,
    String auditTable,
    String taskStateQueueUrl,
    String reconcileQueueUrl,
    Health health) {

  /**
   * When an agent counts as disconnected (no heartbeat for {@code missedHeartbeats} intervals) and
   * when its instance counts as lost ({@code lostAfter} without one).
   */
  public record Health(Duration heartbeatInterval, int missedHeartbeats, Duration lostAfter) {
    public static final Health DEFAULT = new Health(Duration.ofSeconds(30), 3, Duration.ofMinutes(10));

    public Duration disconnectedAfter() {
      return heartbeatInterval.multipliedBy(missedHeartbeats);
    }
  }

  public static Config fromEnvironment() {
    return from(System.getenv());
  }

  public static Config from(Map<String, String> env) {
    String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    // BERTH_ENDPOINT_URL lets a template declare the variable (blank = AWS's own endpoints) so that
    // `sam local invoke --env-vars` can point a function at a local emulator.
    String endpoint = env.get("BERTH_ENDPOINT_URL");
    if (endpoint == null || endpoint.isBlank()) {
      endpoint = env.get("AWS_ENDPOINT_URL");
    }
    return new Config(
        Region.of(region, env.getOrDefault("BERTH_ACCOUNT_ID", "000000000000")),
        endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint)),
        env.getOrDefault("BERTH_CLUSTERS_TABLE", "berth-clusters"),
        env.getOrDefault("BERTH_CONTAINER_INSTANCES_TABLE", "berth-container-instances"),
        env.getOrDefault("BERTH_TASK_DEFINITIONS_TABLE", "berth-task-definitions"),
        env.getOrDefault("BERTH_TASKS_TABLE", "berth-tasks"),
        env.getOrDefault("BERTH_IDEMPOTENCY_TABLE", "berth-idempotency"),
        env.getOrDefault("BERTH_HEARTBEATS_TABLE", "berth-heartbeats"),
        env.getOrDefault("BERTH_SERVICES_TABLE", "berth-services"),
        env.getOrDefault("BERTH_IDENTITIES_TABLE", "berth-identities"),
        env.getOrDefault("BERTH_AUDIT_TABLE", "berth-audit"),
        env.getOrDefault("BERTH_TASK_STATE_QUEUE_URL", ""),
        env.getOrDefault("BERTH_RECONCILE_QUEUE_URL", ""),
        new Health(
            Duration.ofSeconds(Long.parseLong(env.getOrDefault("BERTH_HEARTBEAT_INTERVAL_SECONDS", "30"))),
            Integer.parseInt(env.getOrDefault("BERTH_MISSED_HEARTBEATS", "3")),
            Duration.ofSeconds(Long.parseLong(env.getOrDefault("BERTH_INSTANCE_LOST_AFTER_SECONDS", "600")))));
  }

  /** A configuration whose tables and queues all carry their own prefix (tests, local runs). */
  public static Config withPrefix(String prefix, Optional<URI> endpoint) {
    return new Config(Region.of("us-east-1", "000000000000"), endpoint,
        prefix + "-clusters", prefix + "-container-instances", prefix + "-task-definitions", prefix + "-tasks",
        prefix + "-idempotency", prefix + "-heartbeats", prefix + "-services", prefix + "-identities", prefix + "-audit",
        "", "", Health.DEFAULT);
  }

  public Config withQueueUrls(String taskStateUrl, String reconcileUrl) {
    return new Config(region, endpoint, clustersTable, containerInstancesTable, taskDefinitionsTable, tasksTable,
        idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, taskStateUrl, reconcileUrl, health);
  }

  public Config withHealth(Health newHealth) {
    return new Config(region, endpoint, clustersTable, containerInstancesTable, taskDefinitionsTable, tasksTable,
        idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, taskStateQueueUrl,
        reconcileQueueUrl, newHealth);
  }

  /** The same configuration talking to AWS through {@code newEndpoint}. */
  public Config withEndpoint(URI newEndpoint) {
    return new Config(region, Optional.of(newEndpoint), clustersTable, containerInstancesTable, taskDefinitionsTable,
        tasksTable, idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, taskStateQueueUrl,
        reconcileQueueUrl, health);
  }

  /** Whether the queues still have to be created (a local run or a test). */
  public boolean queuesMissing() {
    return taskStateQueueUrl.isEmpty() || reconcileQueueUrl.isEmpty();
  }
}
