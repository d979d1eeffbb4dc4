package dev.berth.agent.wake;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs the agent channel's handshake as ECS agents sign their ACS handshake: SigV4 for {@code ecs}
 * over a {@code GET} of the URL (its query included, an empty body), with the credential of the
 * agent's own container instance. The headers go into the WebSocket upgrade request; the JDK sets
 * Host itself, to the value that was signed.
 */
public final class HandshakeSigner implements Function<URI, Map<String, String>> {
  private final Supplier<Optional<? extends AwsCredentialsIdentity>> credentials;
  private final String region;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  public HandshakeSigner(Supplier<Optional<? extends AwsCredentialsIdentity>> credentials, String region) {
    this.credentials = credentials;
    this.region = region;
  }

  @Override
  public Map<String, String> apply(URI url) {
    Optional<? extends AwsCredentialsIdentity> identity = credentials.get();
    if (identity.isEmpty()) {
      return Map.of(); // no credentials anywhere: unsigned, which Berth refuses unless authentication is off
    }
    // the signature covers the HTTP request the upgrade is: http(s) with the same host, port, path and query
    String scheme = url.getScheme().equals("wss") ? "https" : "http";
    URI http = URI.create(scheme + url.toString().substring(url.getScheme().length()));
    var signed = signer.sign(r -> r.identity(identity.get())
        .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(http).build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    Map<String, String> headers = new LinkedHashMap<>();
    signed.request().headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        headers.put(name, String.join(",", values));
      }
    });
    return headers;
  }
}
