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
 * wakes an agent never builds it, nor loads any of its classes.
 */
public final class ApiGatewayConnectionPoster implements ConnectionPoster {
  private final URI stageUrl;
  private final Region region;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private volatile Client client;

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
    return client().post(connectionId, message);
  }

  private Client client() {
    Client c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = new Client(ApiGatewayManagementApiClient.builder().httpClient(http).credentialsProvider(credentials)
              .region(region).endpointOverride(stageUrl).build());
          client = c;
        }
      }
    }
    return c;
  }

  /**
   * The calls themselves, in a class of their own: the JVM loads the SDK's classes this names (the
   * exception it catches) only when the first post is made, so a function that never wakes an agent
   * needs none of them.
   */
  private record Client(ApiGatewayManagementApiClient api) {
    boolean post(String connectionId, byte[] message) {
      try {
        api.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromByteArray(message)));
        return true;
      } catch (GoneException gone) {
        return false;
      }
    }
  }
}
