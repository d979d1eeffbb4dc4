package dev.berth.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Every raw HTTP request the tests send to the ECS endpoint goes through here, signed with SigV4 for
 * {@code ecs} with the key given ({@code null}: unsigned).
 */
final class RawEcs {
  static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  /** Generous: a request that takes this long is hanging, not slow. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT).build();

  private RawEcs() {}

  /** POST / with the awsJson content type, as every ECS client sends. */
  static HttpResponse<String> call(String url, String operation, String body, String[] key)
      throws IOException, InterruptedException {
    return post(url, operation == null ? null : TARGET_PREFIX + operation, CONTENT_TYPE, "POST",
        body.getBytes(StandardCharsets.UTF_8), key);
  }

  /** A POST with exactly these headers (a signature made beforehand, perhaps for another request). */
  static HttpResponse<String> withHeaders(String url, java.util.Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * Any request: {@code url} may carry a path, {@code target} and {@code contentType} may be null
   * (the header is then left out), and {@code method} may be any HTTP method.
   */
  static HttpResponse<String> post(String url, String target, String contentType, String method, byte[] body,
      String[] key) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (target != null) {
      headers.put("X-Amz-Target", target);
    }
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    if (key != null) {
      headers.putAll(SigV4.signature(method, URI.create(url), headers, body, key, "ecs", "us-east-1"));
    }
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
