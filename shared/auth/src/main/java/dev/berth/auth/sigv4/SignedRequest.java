package dev.berth.auth.sigv4;

import java.util.Map;

/**
 * A request as the HTTP API hands it over (payload format 2.0): header names already lower-cased and
 * repeated headers joined with commas, the query string raw, and the body as the bytes the client sent
 * (decoded from base64 when the event says so).
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
  public SignedRequest {
    headers = Map.copyOf(headers);
    rawQuery = rawQuery == null ? "" : rawQuery;
    body = body == null ? new byte[0] : body;
  }

  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
