package dev.berth.store.testing;

import dev.berth.core.Config;
import dev.berth.store.AwsModule;
import dev.berth.store.Provisioning;
import dev.berth.store.Tables;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The AWS-compatible endpoint the integration tests run against: {@code aws.endpoint.url} (set by
 * the build), else {@code AWS_ENDPOINT_URL}, else LocalStack's default port. Each test class gets
 * its own tables and queues, named with a unique prefix, and deletes them afterwards.
 */
public final class Emulator {
  private static final URI ENDPOINT = URI.create(Optional.ofNullable(System.getProperty("aws.endpoint.url"))
      .or(() -> Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")))
      .orElse("http://localhost:4566"));
  private static final Config BASE = Config.withPrefix("unused", Optional.of(ENDPOINT));
  private static final DynamoDbClient DYNAMO = AwsModule.dynamoDb(BASE, AwsModule.httpClient(), AwsModule.credentials());
  private static final SqsClient SQS = AwsModule.sqs(BASE, AwsModule.httpClient(), AwsModule.credentials());

  public static URI endpoint() {
    return ENDPOINT;
  }

  public static DynamoDbClient dynamo() {
    return DYNAMO;
  }

  public static SqsClient sqs() {
    return SQS;
  }

  /**
   * A config with fresh tables and fresh task-state and reconcile queues, all named
   * {@code <name>-<random>-...}, with fleet events reaching their passes at once (no
   * {@link Config#triggerSettle}); {@link #drop} deletes them all. When creating them fails part-way,
   * what was created is deleted before the failure is thrown. A test class that needs only tables
   * registers a {@link FreshTables}.
   */
  public static Config freshConfig(String name) {
    String prefix = uniquePrefix(name);
    return Teardown.open(teardown -> {
      Config config = teardown.add(Config.withPrefix(prefix, Optional.of(ENDPOINT)), Emulator::drop);
      // Fleet events reach their passes at once: the integration tests hand the queues' messages
      // over as they are visible and would not see one delayed by a few seconds of real time.
      return Provisioning.create(config, DYNAMO, SQS, prefix).withTriggerSettle(java.time.Duration.ZERO);
    });
  }

  /** A config with fresh tables (and no queues), all named {@code <name>-<random>-...}. */
  public static Config freshTables(String name) {
    String prefix = uniquePrefix(name);
    return Teardown.open(teardown -> {
      Config config = teardown.add(Config.withPrefix(prefix, Optional.of(ENDPOINT)), Emulator::drop);
      new Tables(DYNAMO, config).createAll();
      return config;
    });
  }

  /**
   * Deletes the tables of a config made by {@link #freshConfig} or {@link #freshTables}, and the
   * task-state and reconcile queues named like them with their dead-letter queues. It goes by name,
   * not by the config's queue URLs, so it also deletes what a set-up that stopped part-way made, and
   * a config pointed elsewhere ({@code withEndpoint}) still drops what is on the emulator.
   */
  public static void drop(Config config) {
    if (config == null) {
      return; // set-up failed before it made any
    }
    new Tables(DYNAMO, config).deleteAll();
    String prefix = prefixOf(config);
    for (String queue : List.of("-task-state", "-task-state-dlq", "-reconcile", "-reconcile-dlq")) {
      try {
        String url = SQS.getQueueUrl(b -> b.queueName(prefix + queue)).queueUrl();
        SQS.deleteQueue(b -> b.queueUrl(url));
      } catch (QueueDoesNotExistException gone) {
        // never made, or already deleted: dropping twice is harmless
      }
    }
  }

  /**
   * The tables and queues on the emulator whose names start with {@code prefix}: what a test class
   * left behind, when given the prefix of its config.
   */
  public static List<String> leftovers(String prefix) {
    List<String> found = new ArrayList<>();
    DYNAMO.listTablesPaginator(b -> b.build()).tableNames().stream().filter(t -> t.startsWith(prefix))
        .forEach(found::add);
    for (String url : SQS.listQueues(b -> b.queueNamePrefix(prefix)).queueUrls()) {
      found.add(url.substring(url.lastIndexOf('/') + 1));
    }
    return found;
  }

  /** The prefix that names a fresh config's tables and queues ({@code <name>-<random>}). */
  /**
   * What Lambda's environment would give a function of {@code config} running against the emulator: a
   * PATH, the emulator's credentials, Berth's configuration ({@link Config#environment()}), a master
   * key id and the functions the endpoint invokes. For a child JVM that runs a function's own jar.
   */
  public static java.util.Map<String, String> functionEnvironment(Config config, String masterKeyId) {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.putAll(config.environment());
    env.put("BERTH_MASTER_KEY_ID", masterKeyId);
    for (String function : List.of("REGISTRATION", "RUN_TASK", "SERVICES", "READS")) {
      env.put("BERTH_" + function + "_FUNCTION", "berth-" + function.toLowerCase(java.util.Locale.ROOT));
    }
    return env;
  }

  public static String prefixOf(Config config) {
    String table = config.clustersTable();
    return table.substring(0, table.length() - "-clusters".length());
  }

  private static String uniquePrefix(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private Emulator() {}
}
