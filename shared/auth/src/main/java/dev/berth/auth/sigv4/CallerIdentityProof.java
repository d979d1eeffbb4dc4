package dev.berth.auth.sigv4;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An agent's proof of its EC2 instance role: the headers and body of an STS {@code GetCallerIdentity}
 * request it signed with the role's credentials and did not send. Berth sends it to STS itself, at
 * the STS endpoint it is configured with, and learns from STS's answer who signed it. Before that,
 * {@link #check} refuses a proof that could not be what Berth expects, cheapest checks first: only
 * {@code GetCallerIdentity} (the exact body), signed for the service {@code sts}, for the host Berth
 * sends it to, naming this Berth in the signed {@code x-berth-server-id} header (so a proof made for
 * another server cannot be spent here), and signed within the clock window (so a proof seen later is
 * worthless). Berth never takes a URL from the proof, and forwards only the headers that carry the
 * signature.
 */
public record CallerIdentityProof(Map<String, String> forwardHeaders, byte[] body) {
  /** The one request a proof may be. */
  public static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  /** The signed header that names the Berth a proof is meant for. */
  public static final String SERVER_ID_HEADER = "x-berth-server-id";
  /** The headers a proof may sign; host and content-length are the HTTP client's, set to the values checked. */
  static final Set<String> SIGNABLE = Set.of("host", "content-type", "content-length", "x-amz-date",
      "x-amz-security-token", "x-amz-content-sha256", SERVER_ID_HEADER);
  private static final int MAX_HEADERS = 16;
  private static final int MAX_HEADER_LENGTH = 8192;

  /**
   * The proof as Berth will forward it, or the reason it is refused.
   *
   * @param headers the proof's headers as the agent sent them (names in any case)
   * @param sts where Berth sends proofs: the STS endpoint it is configured with
   * @param serverId this Berth's name, which the proof must carry in its signed {@link #SERVER_ID_HEADER}
   */
  public static CallerIdentityProof check(Map<String, String> headers, String body, URI sts, String serverId,
      Instant now, Duration window) {
    if (headers.size() > MAX_HEADERS) {
      throw incomplete("The proof has more than " + MAX_HEADERS + " headers.");
    }
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (value == null || value.length() > MAX_HEADER_LENGTH) {
        throw incomplete("The proof's header " + name + " is empty or too long.");
      }
      if (lower.put(name.toLowerCase(Locale.ROOT), value) != null) {
        throw incomplete("The proof names the header " + name + " twice.");
      }
    });
    if (!BODY.equals(body)) {
      throw incomplete("The proof must be an STS GetCallerIdentity request with the body " + BODY + ".");
    }
    String authorization = lower.get("authorization");
    if (authorization == null) {
      throw new AuthException(AuthError.MISSING_TOKEN, "The proof has no Authorization header: sign the "
          + "GetCallerIdentity request with the instance role's credentials.");
    }
    AuthorizationHeader header = AuthorizationHeader.parse(authorization);
    if (!header.service().equals("sts")) {
      throw invalid("The proof's credential should be scoped to the service 'sts', not '" + header.service() + "'.");
    }
    String amzDate = lower.get("x-amz-date");
    if (amzDate == null) {
      throw incomplete("The proof requires an X-Amz-Date header.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(SigV4Verifier.AMZ_DATE.parse(amzDate.strip()));
    } catch (DateTimeParseException e) {
      throw incomplete("The proof's X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z'.");
    }
    if (!amzDate.strip().startsWith(header.date())) {
      throw invalid("The date in the proof's credential scope does not match its X-Amz-Date.");
    }
    if (signedAt.isBefore(now.minus(window)) || signedAt.isAfter(now.plus(window))) {
      throw invalid("The proof was signed at " + amzDate.strip() + ", more than " + window.toMinutes()
          + " minutes from now (" + SigV4Verifier.AMZ_DATE.format(now) + "): sign a new one.");
    }
    for (String required : new String[] {"host", "x-amz-date", SERVER_ID_HEADER}) {
      if (!header.signedHeaders().contains(required)) {
        throw invalid("The proof must sign the header '" + required + "'.");
      }
    }
    for (String name : header.signedHeaders()) {
      if (!SIGNABLE.contains(name)) {
        throw invalid("The proof signs the header '" + name + "', which Berth does not forward.");
      }
      if (!lower.containsKey(name)) {
        throw invalid("The signed header '" + name + "' is missing from the proof.");
      }
    }
    String token = lower.get("x-amz-security-token");
    if (token != null && !header.signedHeaders().contains("x-amz-security-token")) {
      throw invalid("The proof's X-Amz-Security-Token must be a signed header.");
    }
    String host = authority(sts);
    if (!lower.get("host").strip().equalsIgnoreCase(host)) {
      throw invalid("The proof is signed for the host '" + lower.get("host").strip() + "'; Berth sends proofs to "
          + "STS at '" + host + "' only.");
    }
    if (!lower.get(SERVER_ID_HEADER).strip().equals(serverId)) {
      throw invalid("The proof is meant for the server '" + lower.get(SERVER_ID_HEADER).strip() + "', not this one ('"
          + serverId + "').");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String length = lower.get("content-length");
    if (length != null && !length.strip().equals(Integer.toString(bytes.length))) {
      throw invalid("The proof's Content-Length does not match its body.");
    }
    String hash = lower.get("x-amz-content-sha256");
    if (hash != null && !hash.strip().equals(sha256(bytes))) {
      throw invalid("The proof's X-Amz-Content-Sha256 does not match its body.");
    }
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("authorization", authorization);
    forward.put("x-amz-date", amzDate);
    forward.put(SERVER_ID_HEADER, lower.get(SERVER_ID_HEADER));
    forward.put("content-type", lower.getOrDefault("content-type", "application/x-www-form-urlencoded; charset=utf-8"));
    for (String optional : new String[] {"x-amz-security-token", "x-amz-content-sha256"}) {
      if (lower.containsKey(optional)) {
        forward.put(optional, lower.get(optional));
      }
    }
    return new CallerIdentityProof(Map.copyOf(forward), bytes);
  }

  /** The Host header an HTTP client sends for {@code uri}: the host, and the port unless it is the scheme's. */
  public static String authority(URI uri) {
    int port = uri.getPort();
    boolean defaultPort = port == -1 || ("https".equals(uri.getScheme()) && port == 443)
        || ("http".equals(uri.getScheme()) && port == 80);
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AuthException incomplete(String message) {
    return new AuthException(AuthError.INCOMPLETE_SIGNATURE, message);
  }

  private static AuthException invalid(String message) {
    return new AuthException(AuthError.INVALID_SIGNATURE, message);
  }
}
