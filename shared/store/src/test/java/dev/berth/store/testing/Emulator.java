package dev.berth.store.testing;

import dev.berth.core.Config;
import dev.berth.store.AwsModule;
import dev.berth.store.Provisioning;
import dev.berth.store.Tables;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS-compatible endpoint the integration tests run against: {@code aws.endpoint.url} (set by
 * the build), else {@code AWS_ENDPOINT_URL}, else LocalStack's default port. Each test class gets
 * its own tables and queue, named with a unique prefix, and deletes its tables afterwards.
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

  /** A config with fresh tables and a fresh task-state queue, all named {@code <name>-<random>-...}. */
  public static Config freshConfig(String name) {
    String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    Config config = Config.withPrefix(prefix, Optional.of(ENDPOINT));
    return Provisioning.create(config, DYNAMO, SQS, prefix);
  }

  /** A config with fresh tables (and no queues), all named {@code <name>-<random>-...}. */
  public static Config freshTables(String name) {
    Config config = Config.withPrefix(name + "-" + UUID.randomUUID().toString().substring(0, 8), Optional.of(ENDPOINT));
    new Tables(DYNAMO, config).createAll();
    return config;
  }

  /** Deletes the tables of a config made by {@link #freshConfig} or {@link #freshTables}. */
  public static void drop(Config config) {
    if (config == null) {
      return; // set-up failed before it made any
    }
    new Tables(DYNAMO, config).deleteAll();
  }

  private Emulator() {}
}
