package dev.berth.core;

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
    String accountSettingsTable,
    String agentConnectionsTable,
    String taskStateQueueUrl,
    String reconcileQueueUrl,
    Optional<URI> agentChannel,
    Health health,
    Events events,
    String metricsFile,
    Duration triggerSettle) {

  /**
   * How long after a fleet event (a task's report, an instance's change) its services' pass waits
   * ({@code BERTH_TRIGGER_SETTLE_SECONDS}, default 5): see {@code ServiceTriggers}.
   */
  public static final Duration DEFAULT_TRIGGER_SETTLE = Duration.ofSeconds(5);

  /**
   * Where ECS's EventBridge events go: the bus's name or ARN ({@code default}: the account's
   * default bus) and the events' {@code source} ({@code aws.ecs}, as ECS sends them).
   */
  public record Events(String bus, String source) {
    public static final Events DEFAULT = new Events("default", "aws.ecs");
  }

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
        env.getOrDefault("BERTH_ACCOUNT_SETTINGS_TABLE", "berth-account-settings"),
        env.getOrDefault("BERTH_AGENT_CONNECTIONS_TABLE", "berth-agent-connections"),
        env.getOrDefault("BERTH_TASK_STATE_QUEUE_URL", ""),
        env.getOrDefault("BERTH_RECONCILE_QUEUE_URL", ""),
        uri(env.get("BERTH_AGENT_CHANNEL_ENDPOINT")),
        new Health(
            Duration.ofSeconds(Long.parseLong(env.getOrDefault("BERTH_HEARTBEAT_INTERVAL_SECONDS", "30"))),
            Integer.parseInt(env.getOrDefault("BERTH_MISSED_HEARTBEATS", "3")),
            Duration.ofSeconds(Long.parseLong(env.getOrDefault("BERTH_INSTANCE_LOST_AFTER_SECONDS", "600")))),
        new Events(nonBlank(env.get("BERTH_EVENT_BUS"), Events.DEFAULT.bus()),
            nonBlank(env.get("BERTH_EVENT_SOURCE"), Events.DEFAULT.source())),
        // blank: standard output, which Lambda sends to CloudWatch Logs (where EMF records become metrics)
        env.getOrDefault("BERTH_METRICS_FILE", ""),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BERTH_TRIGGER_SETTLE_SECONDS",
            Long.toString(DEFAULT_TRIGGER_SETTLE.toSeconds())))));
  }

  /**
   * The variables that give this configuration back through {@link #from} (a child process of a
   * test or a benchmark running a function as Lambda would); durations to the second. Credentials are
   * not part of it.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new java.util.TreeMap<>();
    env.put("AWS_REGION", region.name());
    env.put("BERTH_ACCOUNT_ID", region.accountId());
    endpoint.ifPresent(uri -> env.put("AWS_ENDPOINT_URL", uri.toString()));
    env.put("BERTH_CLUSTERS_TABLE", clustersTable);
    env.put("BERTH_CONTAINER_INSTANCES_TABLE", containerInstancesTable);
    env.put("BERTH_TASK_DEFINITIONS_TABLE", taskDefinitionsTable);
    env.put("BERTH_TASKS_TABLE", tasksTable);
    env.put("BERTH_IDEMPOTENCY_TABLE", idempotencyTable);
    env.put("BERTH_HEARTBEATS_TABLE", heartbeatsTable);
    env.put("BERTH_SERVICES_TABLE", servicesTable);
    env.put("BERTH_IDENTITIES_TABLE", identitiesTable);
    env.put("BERTH_AUDIT_TABLE", auditTable);
    env.put("BERTH_ACCOUNT_SETTINGS_TABLE", accountSettingsTable);
    env.put("BERTH_AGENT_CONNECTIONS_TABLE", agentConnectionsTable);
    env.put("BERTH_TASK_STATE_QUEUE_URL", taskStateQueueUrl);
    env.put("BERTH_RECONCILE_QUEUE_URL", reconcileQueueUrl);
    agentChannel.ifPresent(uri -> env.put("BERTH_AGENT_CHANNEL_ENDPOINT", uri.toString()));
    env.put("BERTH_HEARTBEAT_INTERVAL_SECONDS", Long.toString(health.heartbeatInterval().toSeconds()));
    env.put("BERTH_MISSED_HEARTBEATS", Integer.toString(health.missedHeartbeats()));
    env.put("BERTH_INSTANCE_LOST_AFTER_SECONDS", Long.toString(health.lostAfter().toSeconds()));
    env.put("BERTH_EVENT_BUS", events.bus());
    env.put("BERTH_EVENT_SOURCE", events.source());
    env.put("BERTH_METRICS_FILE", metricsFile);
    env.put("BERTH_TRIGGER_SETTLE_SECONDS", Long.toString(triggerSettle.toSeconds()));
    return env;
  }

  private static String nonBlank(String value, String otherwise) {
    return value == null || value.isBlank() ? otherwise : value;
  }

  /** A configuration whose tables and queues all carry their own prefix (tests, local runs). */
  public static Config withPrefix(String prefix, Optional<URI> endpoint) {
    return new Config(Region.of("us-east-1", "000000000000"), endpoint,
        prefix + "-clusters", prefix + "-container-instances", prefix + "-task-definitions", prefix + "-tasks",
        prefix + "-idempotency", prefix + "-heartbeats", prefix + "-services", prefix + "-identities", prefix + "-audit",
        prefix + "-account-settings", prefix + "-agent-connections", "", "", Optional.empty(), Health.DEFAULT,
        Events.DEFAULT, "", DEFAULT_TRIGGER_SETTLE);
  }

  public Config withQueueUrls(String taskStateUrl, String reconcileUrl) {
    return new Config(region, endpoint, clustersTable, containerInstancesTable, taskDefinitionsTable, tasksTable,
        idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, accountSettingsTable,
        agentConnectionsTable, taskStateUrl, reconcileUrl, agentChannel, health, events, metricsFile, triggerSettle);
  }

  public Config withHealth(Health newHealth) {
    return new Config(region, endpoint, clustersTable, containerInstancesTable, taskDefinitionsTable, tasksTable,
        idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, accountSettingsTable,
        agentConnectionsTable, taskStateQueueUrl, reconcileQueueUrl, agentChannel, newHealth, events, metricsFile, triggerSettle);
  }

  public Config withEvents(Events newEvents) {
    return new Config(region, endpoint, clustersTable, containerInstancesTable, taskDefinitionsTable, tasksTable,
        idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, accountSettingsTable,
        agentConnectionsTable, taskStateQueueUrl, reconcileQueueUrl, agentChannel, health, newEvents, metricsFile, triggerSettle);
  }

  /** The configuration with its metric records appended to {@code file} instead of standard output. */
  public Config withMetricsFile(String file) {
    return new Config(region, endpoint, clustersTable, containerInstancesTable, taskDefinitionsTable, tasksTable,
        idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, accountSettingsTable,
        agentConnectionsTable, taskStateQueueUrl, reconcileQueueUrl, agentChannel, health, events, file, triggerSettle);
  }

  /**
   * Where wake-up messages to agents are posted: the agent channel's connection-management endpoint
   * (deployed, the WebSocket API's stage URL; locally, the local Berth's own address). Empty: agents
   * are never woken and learn of their tasks by polling alone.
   */
  public Config withAgentChannel(URI managementEndpoint) {
    return new Config(region, endpoint, clustersTable, containerInstancesTable, taskDefinitionsTable, tasksTable,
        idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, accountSettingsTable,
        agentConnectionsTable, taskStateQueueUrl, reconcileQueueUrl, Optional.of(managementEndpoint), health, events,
        metricsFile, triggerSettle);
  }

  private static Optional<URI> uri(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value.trim()));
  }

  /** The same configuration talking to AWS through {@code newEndpoint}. */
  public Config withEndpoint(URI newEndpoint) {
    return new Config(region, Optional.of(newEndpoint), clustersTable, containerInstancesTable, taskDefinitionsTable,
        tasksTable, idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, accountSettingsTable,
        agentConnectionsTable, taskStateQueueUrl, reconcileQueueUrl, agentChannel, health, events, metricsFile, triggerSettle);
  }

  /**
   * The configuration with fleet events reaching their services' passes after {@code settle}
   * (zero: at once, as the integration tests that hand the queues' messages over one by one expect).
   */
  public Config withTriggerSettle(Duration settle) {
    return new Config(region, endpoint, clustersTable, containerInstancesTable, taskDefinitionsTable, tasksTable,
        idempotencyTable, heartbeatsTable, servicesTable, identitiesTable, auditTable, accountSettingsTable,
        agentConnectionsTable, taskStateQueueUrl, reconcileQueueUrl, agentChannel, health, events, metricsFile, settle);
  }

  /** Whether the queues still have to be created (a local run or a test). */
  public boolean queuesMissing() {
    return taskStateQueueUrl.isEmpty() || reconcileQueueUrl.isEmpty();
  }
}
