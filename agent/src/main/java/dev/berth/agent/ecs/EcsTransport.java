package dev.berth.agent.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ECS wire protocol over java.net.http: {@code POST /} with the operation in
 * {@code X-Amz-Target}, a JSON body, and errors read from {@code __type} as the SDKs read them.
 * One transport for every call, including Berth's {@code Heartbeat}, which no SDK knows.
 */
public final class EcsTransport implements EcsApi {
  static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http;
  private final RequestSigner signer;
  private final Duration timeout;

  public EcsTransport(URI endpoint, HttpClient http, RequestSigner signer, Duration timeout) {
    this.endpoint = endpoint;
    this.http = http;
    this.signer = signer;
    this.timeout = timeout;
  }

  @Override
  public JsonNode call(String operation, ObjectNode request) throws EcsError, IOException {
    byte[] body = JSON.writeValueAsBytes(request);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.put("X-Amz-Target", TARGET_PREFIX + operation);
    try {
      headers.putAll(signer.sign(endpoint, headers, body));
    } catch (InstanceIdentity.Inactive gone) {
      throw gone.error();
    } catch (RequestSigner.Unavailable unavailable) {
      unavailable.rethrow();
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    HttpResponse<byte[]> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(operation + " interrupted", e);
    }
    JsonNode answer = response.body().length == 0 ? JSON.createObjectNode() : parse(operation, response.body());
    if (response.statusCode() >= 300) {
      String type = answer.path("__type").asText(answer.path("code").asText(
          response.headers().firstValue("x-amzn-ErrorType").orElse("HTTP" + response.statusCode())));
      EcsError error = new EcsError(EcsError.code(type), answer.path("message").asText(answer.path("Message").asText("")),
          response.statusCode());
      if (error.is(EcsError.EXPIRED_TOKEN) || error.is(EcsError.UNRECOGNIZED_CLIENT)) {
        signer.refused(error.type());
      }
      throw error;
    }
    return answer;
  }

  private static JsonNode parse(String operation, byte[] body) throws IOException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException(operation + " answered something that is not JSON", e);
    }
  }
}
