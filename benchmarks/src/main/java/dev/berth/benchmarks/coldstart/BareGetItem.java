package dev.berth.benchmarks.coldstart;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The floor a function's cold start is compared with: a JVM that builds one SDK DynamoDB client, the way
 * Berth's functions build theirs (URL-connection HTTP client, credentials from the environment), and
 * answers one GetItem. Run from the reads function's jar, which carries that SDK.
 * Arguments: table name, key attribute, key value.
 */
public final class BareGetItem {
  private BareGetItem() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    var builder = DynamoDbClient.builder()
        .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
        .httpClient(UrlConnectionHttpClient.create());
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    DynamoDbClient dynamo = builder.build();
    long built = System.nanoTime();
    var item = dynamo.getItem(b -> b.tableName(args[0]).key(Map.of(args[1], AttributeValue.fromS(args[2]))));
    long answered = System.nanoTime();
    System.out.println("coldstart init_ms=" + (built - start) / 1_000_000.0 + " invoke_ms="
        + (answered - built) / 1_000_000.0 + " answer=item-" + item.hasItem());
    System.out.flush();
    System.exit(0);
  }
}
