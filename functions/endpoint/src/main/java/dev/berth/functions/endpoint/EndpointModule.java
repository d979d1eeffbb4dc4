package dev.berth.functions.endpoint;

import dagger.Module;
import dagger.Provides;
import dev.berth.auth.identity.MasterKey;
import dev.berth.core.Config;
import dev.berth.protocol.Operations;
import java.util.Map;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The Lambda and KMS clients, built once per container, and the function serving each operation group. */
@Module
final class EndpointModule {

  /**
   * Through the HTTP client and credentials every other client shares: a client of its own would
   * load the trust store and set up TLS a second time at every cold start.
   */
  @Provides
  @Singleton
  static LambdaClient lambda(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    return LambdaClient.builder()
        .httpClient(http)
        .credentialsProvider(credentials)
        .region(Region.of(config.region().name()))
        .build();
  }

  @Provides
  @Singleton
  static Config config() {
    return Config.fromEnvironment();
  }

  /** The KMS HMAC key named by BERTH_MASTER_KEY_ID; its GenerateMac is the only KMS call Berth makes. */
  @Provides
  @Singleton
  static MasterKey masterKey(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    var builder = KmsClient.builder().httpClient(http).credentialsProvider(credentials)
        .region(Region.of(config.region().name()));
    config.endpoint().ifPresent(builder::endpointOverride);
    return new KmsMasterKey(builder.build(), System.getenv("BERTH_MASTER_KEY_ID"));
  }

  @Provides
  @Singleton
  static Invoker invoker(LambdaClient lambda) {
    Map<String, String> env = System.getenv();
    return new LambdaInvoker(lambda, Map.of(
        Operations.Group.REGISTRATION, env.get("BERTH_REGISTRATION_FUNCTION"),
        Operations.Group.RUN_TASK, env.get("BERTH_RUN_TASK_FUNCTION"),
        Operations.Group.SERVICES, env.get("BERTH_SERVICES_FUNCTION"),
        Operations.Group.READS, env.get("BERTH_READS_FUNCTION")));
  }

  private EndpointModule() {}
}
