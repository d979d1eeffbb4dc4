package dev.berth.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Raw HTTP to the endpoint, signed with SigV4 for {@code ecs} by the SDK's own signer, for the calls
 * no SDK client makes (Berth's agent operations, malformed bodies). {@code key} null sends it unsigned.
 */
final class SignedHttp {
  static final String ECS_TARGET = "AmazonEC2ContainerServiceV20141113.";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SignedHttp() {}

  /** POSTs {@code body} with {@code headers}, signed with {@code key} ({id, secret} or {id, secret, token}). */
  static HttpResponse<String> post(String url, Map<String, String> headers, String body, String[] key)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (key != null) {
      all.putAll(signature("POST", URI.create(url), headers, bytes, key, "ecs", "us-east-1"));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    all.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An ECS call: {@code operation} null leaves the target header out. */
  static HttpResponse<String> ecs(String url, String operation, String body, String[] key) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    if (operation != null) {
      headers.put("X-Amz-Target", ECS_TARGET + operation);
    }
    return post(url, headers, body, key);
  }

  /** The headers SigV4 adds (Authorization, X-Amz-Date, and the token if any). */
  static Map<String, String> signature(URI uri, Map<String, String> headers, byte[] body, String[] key,
      String service, String region) {
    return signature("POST", uri, headers, body, key, service, region);
  }

  static Map<String, String> signature(String method, URI uri, Map<String, String> headers, byte[] body,
      String[] key, String service, String region) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(request::putHeader);
    AwsCredentialsIdentity identity = key.length > 2
        ? software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity.create(key[0], key[1], key[2])
        : AwsCredentialsIdentity.create(key[0], key[1]);
    var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    Map<String, String> added = new LinkedHashMap<>();
    signed.request().headers().forEach((name, values) -> {
      // java.net.http sets Host and Content-Length itself, to the values that were signed
      if (!headers.containsKey(name) && !name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        added.put(name, String.join(",", values));
      }
    });
    return added;
  }
}
