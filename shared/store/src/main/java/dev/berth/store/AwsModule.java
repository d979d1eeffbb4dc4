package dev.berth.store;

import dagger.Module;
import dagger.Provides;
import dev.berth.core.Config;
import dev.berth.core.store.ConnectionPoster;
import dev.berth.core.store.TargetGroups;
import java.time.Duration;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds each SDK client once per container, with the lightweight URL-connection HTTP client (the
 * Apache and Netty clients are excluded from the build), an explicit region and credentials from
 * the environment, which is what Lambda provides.
 */
@Module
public final class AwsModule {

  @Provides
  @Singleton
  public static SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
  }

  @Provides
  @Singleton
  public static AwsCredentialsProvider credentials() {
    // Lambda sets the three AWS_* variables; outside it fall back to the usual chain.
    return System.getenv("AWS_ACCESS_KEY_ID") != null
        ? EnvironmentVariableCredentialsProvider.create()
        : DefaultCredentialsProvider.builder().build();
  }

  @Provides
  @Singleton
  public static DynamoDbClient dynamoDb(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    return configured(DynamoDbClient.builder(), config, http, credentials)
        .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(30)).build())
        .build();
  }

  @Provides
  @Singleton
  public static SqsClient sqs(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    return configured(SqsClient.builder(), config, http, credentials).build();
  }

  @Provides
  @Singleton
  public static EventBridgeClient eventBridge(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    return configured(EventBridgeClient.builder(), config, http, credentials).build();
  }

  /** The agent channel's poster when the configuration names one (see {@link Config#agentChannel()}). */
  @Provides
  @Singleton
  public static ConnectionPoster connectionPoster(Config config, SdkHttpClient http,
      AwsCredentialsProvider credentials) {
    return config.agentChannel()
        .<ConnectionPoster>map(url -> new ApiGatewayConnectionPoster(url, Region.of(config.region().name()), http,
            credentials))
        .orElse(ConnectionPoster.NONE);
  }

  /** ELBv2, through an adapter that builds its client only when a load-balanced service needs it. */
  @Provides
  public static TargetGroups targetGroups(ElbTargetGroups elb) {
    return elb;
  }

  /**
   * A client builder set up as every Berth client is: the shared HTTP client and credentials, the
   * configured region, and the configured endpoint (the emulator locally) when there is one.
   */
  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configured(B builder, Config config,
      SdkHttpClient http, AwsCredentialsProvider credentials) {
    builder.httpClient(http).credentialsProvider(credentials).region(Region.of(config.region().name()));
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  private AwsModule() {}
}
