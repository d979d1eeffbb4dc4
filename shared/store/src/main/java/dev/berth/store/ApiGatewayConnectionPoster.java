package dev.berth.store;

import dev.berth.core.store.ConnectionPoster;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@link ConnectionPoster} through API Gateway's management API ({@code POST @connections/{id}} on
 * the WebSocket API's stage URL). The client is built on the first post, so a function that never
 * wakes an agent never builds it.
 */
public final class ApiGatewayConnectionPoster implements ConnectionPoster {
  private final URI stageUrl;
  private final Region region;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private volatile ApiGatewayManagementApiClient client;

  public ApiGatewayConnectionPoster(URI stageUrl, Region region, SdkHttpClient http,
      AwsCredentialsProvider credentials) {
    this.stageUrl = stageUrl;
    this.region = region;
    this.http = http;
    this.credentials = credentials;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public boolean post(String connectionId, byte[] message) {
    try {
      client().postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromByteArray(message)));
      return true;
    } catch (GoneException gone) {
      return false;
    }
  }

  private ApiGatewayManagementApiClient client() {
    ApiGatewayManagementApiClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = ApiGatewayManagementApiClient.builder().httpClient(http).credentialsProvider(credentials)
              .region(region).endpointOverride(stageUrl).build();
          client = c;
        }
      }
    }
    return c;
  }
}
