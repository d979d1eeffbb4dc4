package dev.berth.auth.sigv4;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on a header-signed request the way AWS services do, cheapest
 * checks first: the header's grammar, the date, the credential scope (service and region), the clock
 * window, the signed headers, then the key, and last the signature itself, compared in constant time.
 * Presigned (query-string) requests are refused: no AWS client presigns these APIs, and signed URLs
 * end up in logs.
 */
public final class SigV4Verifier {
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Set<String> regions;
  private final Duration skew;

  /** @param regions the regions a signature may be scoped to; @param skew the clock window either side (AWS: 5 min). */
  public SigV4Verifier(Set<String> regions, Duration skew) {
    this.regions = Set.copyOf(regions);
    this.skew = skew;
  }

  /** The verified caller: the resolver's principal for the key that signed {@code request} for {@code service}. */
  public <P> Verified<P> verify(SignedRequest request, String service, Instant now, SecretResolver<P> resolver) {
    String authorization = request.header("authorization");
    if (authorization == null) {
      if (isPresigned(request.rawQuery())) {
        throw new AuthException(AuthError.INCOMPLETE_SIGNATURE,
            "Presigned (query string) requests are not accepted; sign the Authorization header instead.");
      }
      throw new AuthException(AuthError.MISSING_TOKEN, "Missing Authentication Token");
    }
    AuthorizationHeader header = AuthorizationHeader.parse(authorization);
    String amzDate = request.header("x-amz-date");
    if (amzDate == null) {
      throw new AuthException(AuthError.INCOMPLETE_SIGNATURE,
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    Instant signedAt = parseDate(amzDate.strip());
    if (!amzDate.strip().startsWith(header.date())) {
      throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
          + header.date() + "' != '" + amzDate.strip().substring(0, 8) + "', from '" + amzDate.strip() + "'.");
    }
    if (!header.service().equals(service)) {
      throw invalid("Credential should be scoped to correct service: '" + service + "'. ");
    }
    if (!regions.contains(header.region())) {
      throw invalid("Credential should be scoped to a valid region. ");
    }
    if (signedAt.isBefore(now.minus(skew))) {
      throw invalid("Signature expired: " + amzDate.strip() + " is now earlier than " + AMZ_DATE.format(now.minus(skew))
          + " (" + AMZ_DATE.format(now) + " - " + skew.toMinutes() + " min.)");
    }
    if (signedAt.isAfter(now.plus(skew))) {
      throw invalid("Signature not yet current: " + amzDate.strip() + " is still later than "
          + AMZ_DATE.format(now.plus(skew)) + " (" + AMZ_DATE.format(now) + " + " + skew.toMinutes() + " min.)");
    }
    if (!header.signedHeaders().contains("host") || !header.signedHeaders().contains("x-amz-date")) {
      throw invalid("'Host' and 'X-Amz-Date' must be signed headers.");
    }
    for (String name : header.signedHeaders()) {
      if (request.header(name) == null) {
        throw invalid("The signed header '" + name + "' is missing from the request.");
      }
    }
    String payloadHash = hex(sha256(request.body()));
    String claimedHash = request.header("x-amz-content-sha256");
    if (claimedHash != null && !claimedHash.strip().equals(payloadHash)) {
      throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    SigningSecret<P> secret = resolver.resolve(header.accessKeyId(), request.header("x-amz-security-token"));
    String stringToSign = AuthorizationHeader.ALGORITHM + "\n" + amzDate.strip() + "\n" + header.scope() + "\n"
        + hex(sha256(canonicalRequest(request, header, payloadHash).getBytes(StandardCharsets.UTF_8)));
    byte[] expected = HexFormat.of().formatHex(
        hmac(signingKey(secret.secretAccessKey(), header.date(), header.region(), service), stringToSign))
        .getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, header.signature().getBytes(StandardCharsets.US_ASCII))) {
      throw invalid("The request signature we calculated does not match the signature you provided. Check your AWS "
          + "Secret Access Key and signing method. Consult the service documentation for details.");
    }
    return new Verified<>(header.accessKeyId(), header.region(), secret.principal());
  }

  /** A request that passed: who signed it, for which region. */
  public record Verified<P>(String accessKeyId, String region, P principal) {}

  static String canonicalRequest(SignedRequest request, AuthorizationHeader header, String payloadHash) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(request.method().toUpperCase(java.util.Locale.ROOT)).append('\n');
    canonical.append(canonicalUri(request.rawPath())).append('\n');
    canonical.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : header.signedHeaders()) {
      canonical.append(name).append(':').append(trimAll(request.header(name))).append('\n');
    }
    canonical.append('\n').append(header.signedHeadersText()).append('\n').append(payloadHash);
    return canonical.toString();
  }

  /** The path as sent, encoded once more, segment by segment: SigV4's rule for every service but S3. */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    for (String segment : rawPath.split("/", -1)) {
      if (out.length() > 0 || rawPath.startsWith("/")) {
        out.append('/');
      }
      out.append(uriEncode(segment));
    }
    return out.toString().replaceFirst("^//", "/");
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {uriEncode(decode(name)), uriEncode(decode(value))});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] pair : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(pair[0]).append('=').append(pair[1]);
    }
    return out.toString();
  }

  private static boolean isPresigned(String rawQuery) {
    String lower = rawQuery.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("x-amz-signature=") || lower.contains("x-amz-credential=")
        || lower.contains("x-amz-algorithm=");
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** RFC 3986 percent-encoding: everything but {@code A-Za-z0-9-._~}, upper-case hex, space as %20. */
  static String uriEncode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Leading and trailing spaces removed, inner runs of spaces made one. */
  static String trimAll(String value) {
    return value.strip().replaceAll("\\s+", " ");
  }

  private static Instant parseDate(String amzDate) {
    try {
      return Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new AuthException(AuthError.INCOMPLETE_SIGNATURE,
          "X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z'.");
    }
  }

  /** SigV4's derived key: HMAC chain over the day, region, service and "aws4_request". */
  public static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    return hmac(key, "aws4_request");
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static AuthException invalid(String message) {
    return new AuthException(AuthError.INVALID_SIGNATURE, message);
  }

}
