package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.protocol.EcsHttp;
import java.io.UncheckedIOException;

/** HTTP API response events: awsJson bodies for ECS and CloudTrail, XML for IAM. */
final class Responses {
  private Responses() {}

  static byte[] json(int status, String requestId, String body) {
    return respond(status, requestId, "application/x-amz-json-1.1", body, jsonErrorType(status, body));
  }

  static byte[] xml(int status, String requestId, String body) {
    return respond(status, requestId, "text/xml", body, null);
  }

  private static String jsonErrorType(int status, String body) {
    if (status < 400) {
      return null;
    }
    try {
      return JsonTrees.read(body).path("__type").asText(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static byte[] respond(int status, String requestId, String contentType, String body, String errorType) {
    ObjectNode response = JsonTrees.object();
    response.put("statusCode", status);
    ObjectNode headers = response.putObject("headers");
    headers.put("Content-Type", contentType);
    headers.put("x-amzn-RequestId", requestId);
    if (errorType != null) {
      headers.put("X-Amzn-ErrorType", errorType);
    }
    response.put("body", body);
    response.put("isBase64Encoded", false);
    return JsonTrees.bytes(response);
  }
}
