package dev.berth.functions.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.sigv4.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP API (payload 2.0) event as the endpoint reads it: the body decoded to the bytes the client
 * sent, header names lower-cased, and the caller's address as API Gateway saw it (never a forwarded
 * header, which a client can set).
 */
record HttpRequest(ObjectNode event, String method, String rawPath, String rawQuery, Map<String, String> headers,
    byte[] body, String sourceIp, String requestId, String userAgent) {
  /** Bodies above this are refused before anything is hashed or parsed. */
  static final int MAX_BODY_BYTES = 1 << 20;

  static HttpRequest of(ObjectNode event) {
    JsonNode context = event.path("requestContext");
    Map<String, String> headers = new HashMap<>();
    event.path("headers").fields().forEachRemaining(h ->
        headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().asText()));
    String text = event.path("body").isTextual() ? event.path("body").textValue() : "";
    if (text.length() > MAX_BODY_BYTES * 4 / 3 + 4) {
      throw new BodyTooLargeException();
    }
    byte[] body = event.path("isBase64Encoded").asBoolean(false)
        ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
    if (body.length > MAX_BODY_BYTES) {
      throw new BodyTooLargeException();
    }
    String method = context.path("http").path("method").asText(event.path("requestContext").path("httpMethod")
        .asText("POST"));
    return new HttpRequest(event, method, event.path("rawPath").asText("/"), event.path("rawQueryString").asText(""),
        headers, body, context.path("http").path("sourceIp").asText(""), context.path("requestId").asText("unknown"),
        context.path("http").path("userAgent").asText(headers.getOrDefault("user-agent", "")));
  }

  SignedRequest signed() {
    return new SignedRequest(method, rawPath, rawQuery, headers, body);
  }

  String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A body over {@link #MAX_BODY_BYTES}. */
  static final class BodyTooLargeException extends RuntimeException {
    BodyTooLargeException() {
      super("The request body is larger than " + MAX_BODY_BYTES + " bytes.", null, false, false);
    }
  }
}
