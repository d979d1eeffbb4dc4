package dev.berth.auth.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class SigV4VerifierTest {
  private static final String KEY = "BKIAEXAMPLEKEY000001";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final SigV4Verifier VERIFIER = new SigV4Verifier(Set.of("us-east-1"), Duration.ofMinutes(5));
  private static final SecretResolver<String> RESOLVER = (akid, token) -> {
    if (!akid.equals(KEY)) {
      throw new AuthException(AuthError.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
    }
    return new SigningSecret<>(SECRET, "alice");
  };
  private static final byte[] BODY = "{\"cluster\":\"default\"}".getBytes(StandardCharsets.UTF_8);

  /** AWS's published example: IAM ListUsers, signed at 20150830T123600Z with the documentation's example key. */
  @Test
  void awsDocumentationExample() {
    Map<String, String> headers = Map.of(
        "content-type", "application/x-www-form-urlencoded; charset=utf-8",
        "host", "iam.amazonaws.com",
        "x-amz-date", "20150830T123600Z",
        "authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, "
            + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    var request = new SignedRequest("GET", "/", "Action=ListUsers&Version=2010-05-08", headers, new byte[0]);
    var verified = VERIFIER.verify(request, "iam", Instant.parse("2015-08-30T12:36:00Z"),
        (akid, token) -> new SigningSecret<>(SECRET, akid));
    assertEquals("AKIDEXAMPLE", verified.principal());
  }

  @Test
  void acceptsWhatTheSdkSigns() {
    var verified = VERIFIER.verify(sdkSigned(NOW, "us-east-1", "ecs", BODY), "ecs", NOW, RESOLVER);
    assertEquals("alice", verified.principal());
    assertEquals(KEY, verified.accessKeyId());
  }

  @Test
  void acceptsTheClockWindowEdges() {
    VERIFIER.verify(sdkSigned(NOW.minusSeconds(300), "us-east-1", "ecs", BODY), "ecs", NOW, RESOLVER);
    VERIFIER.verify(sdkSigned(NOW.plusSeconds(300), "us-east-1", "ecs", BODY), "ecs", NOW, RESOLVER);
  }

  @Test
  void refusesOutsideTheClockWindow() {
    assertError(AuthError.INVALID_SIGNATURE, "Signature expired",
        sdkSigned(NOW.minusSeconds(301), "us-east-1", "ecs", BODY), "ecs");
    assertError(AuthError.INVALID_SIGNATURE, "Signature not yet current",
        sdkSigned(NOW.plusSeconds(301), "us-east-1", "ecs", BODY), "ecs");
  }

  @Test
  void refusesAnotherRegionOrService() {
    assertError(AuthError.INVALID_SIGNATURE, "valid region", sdkSigned(NOW, "eu-west-1", "ecs", BODY), "ecs");
    assertError(AuthError.INVALID_SIGNATURE, "correct service: 'ecs'", sdkSigned(NOW, "us-east-1", "sqs", BODY), "ecs");
  }

  @Test
  void refusesATamperedBodyOrHeader() {
    SignedRequest signed = sdkSigned(NOW, "us-east-1", "ecs", BODY);
    assertError(AuthError.INVALID_SIGNATURE, "does not match", new SignedRequest(signed.method(), signed.rawPath(),
        "", signed.headers(), "{\"cluster\":\"other\"}".getBytes(StandardCharsets.UTF_8)), "ecs");
    Map<String, String> headers = new HashMap<>(signed.headers());
    headers.put("x-amz-target", "AmazonEC2ContainerServiceV20141113.DeleteCluster");
    assertError(AuthError.INVALID_SIGNATURE, "does not match",
        new SignedRequest("POST", "/", "", headers, BODY), "ecs");
  }

  @Test
  void refusesAWrongSecretAndAnUnknownKey() {
    SignedRequest signed = sdkSigned(NOW, "us-east-1", "ecs", BODY);
    var wrong = (SecretResolver<String>) (akid, token) -> new SigningSecret<>(SECRET + "x", "alice");
    var e = assertThrows(AuthException.class, () -> VERIFIER.verify(signed, "ecs", NOW, wrong));
    assertEquals(AuthError.INVALID_SIGNATURE, e.error());
    assertError(AuthError.UNRECOGNIZED_CLIENT, "invalid", sdkSigned(NOW, "us-east-1", "ecs", BODY, "BKIAUNKNOWN000000000",
        null), "ecs");
  }

  @Test
  void passesTheSessionTokenToTheResolver() {
    String[] seen = new String[1];
    SignedRequest signed = sdkSigned(NOW, "us-east-1", "ecs", BODY, KEY, "token-123");
    VERIFIER.verify(signed, "ecs", NOW, (akid, token) -> {
      seen[0] = token;
      return new SigningSecret<>(SECRET, "agent");
    });
    assertEquals("token-123", seen[0]);
  }

  @Test
  void refusesUnsignedAndPresignedRequests() {
    assertError(AuthError.MISSING_TOKEN, "Missing Authentication Token",
        new SignedRequest("POST", "/", "", Map.of("host", "x"), BODY), "ecs");
    assertError(AuthError.INCOMPLETE_SIGNATURE, "Presigned", new SignedRequest("POST", "/",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a&X-Amz-Signature=b", Map.of("host", "x"), BODY), "ecs");
  }

  @Test
  void refusesMalformedAuthorizationHeaders() {
    SignedRequest signed = sdkSigned(NOW, "us-east-1", "ecs", BODY);
    String good = signed.header("authorization");
    for (String bad : new String[] {
        "AWS4-HMAC-SHA1 " + good.substring(17),
        good.replace("Credential=", "Credential ="),
        good.replace("/aws4_request", "/aws4"),
        good.replaceFirst("SignedHeaders=[^,]+, ", ""),
        good + ", Signature=" + "0".repeat(64),
        good.replaceFirst("Signature=[0-9a-f]+", "Signature=XYZ"),
        good.replaceFirst("SignedHeaders=", "SignedHeaders=zzz;"),
        "garbage"}) {
      Map<String, String> headers = new HashMap<>(signed.headers());
      headers.put("authorization", bad);
      assertError(AuthError.INCOMPLETE_SIGNATURE, "", new SignedRequest("POST", "/", "", headers, BODY), "ecs");
    }
  }

  @Test
  void refusesAMissingDateAndAMismatchedScopeDate() {
    SignedRequest signed = sdkSigned(NOW, "us-east-1", "ecs", BODY);
    Map<String, String> headers = new HashMap<>(signed.headers());
    headers.remove("x-amz-date");
    assertError(AuthError.INCOMPLETE_SIGNATURE, "X-Amz-Date", new SignedRequest("POST", "/", "", headers, BODY), "ecs");
    headers.put("x-amz-date", "20260302T120000Z");
    assertError(AuthError.INVALID_SIGNATURE, "Date in Credential scope",
        new SignedRequest("POST", "/", "", headers, BODY), "ecs");
  }

  @Test
  void refusesASignedHeaderThatIsMissing() {
    SignedRequest signed = sdkSigned(NOW, "us-east-1", "ecs", BODY);
    Map<String, String> headers = new HashMap<>(signed.headers());
    headers.remove("x-amz-target");
    assertError(AuthError.INVALID_SIGNATURE, "x-amz-target", new SignedRequest("POST", "/", "", headers, BODY), "ecs");
  }

  /** API Gateway joins repeated headers with commas and lower-cases names; extra spaces are trimmed. */
  @Test
  void canonicalHeadersTrimAndCollapseSpaces() {
    assertEquals("a b c", SigV4Verifier.trimAll("  a   b  c "));
    assertEquals("/", SigV4Verifier.canonicalUri("/"));
    assertEquals("A=1&b=%20&b=2", SigV4Verifier.canonicalQuery("b=2&b=%20&A=1"));
  }

  private static void assertError(AuthError expected, String messagePart, SignedRequest request, String service) {
    var e = assertThrows(AuthException.class, () -> VERIFIER.verify(request, service, NOW, RESOLVER));
    assertEquals(expected, e.error(), e.getMessage());
    if (!messagePart.isEmpty() && !e.getMessage().contains(messagePart)) {
      throw new AssertionError("message '" + e.getMessage() + "' lacks '" + messagePart + "'");
    }
  }

  static SignedRequest sdkSigned(Instant at, String region, String service, byte[] body) {
    return sdkSigned(at, region, service, body, KEY, null);
  }

  /** A request signed by the AWS SDK for Java's own SigV4 signer, as API Gateway would hand it over. */
  static SignedRequest sdkSigned(Instant at, String region, String service, byte[] body, String key, String token) {
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("https://abc123.execute-api.us-east-1.amazonaws.com/"))
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")
        .putHeader("Content-Length", Integer.toString(body.length))
        .build();
    AwsCredentialsIdentity identity = token == null ? AwsCredentialsIdentity.create(key, SECRET)
        : AwsSessionCredentialsIdentity.create(key, SECRET, token);
    var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, java.time.Clock.fixed(at, java.time.ZoneOffset.UTC)));
    Map<String, String> headers = new LinkedHashMap<>();
    signed.request().headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
        String.join(",", values)));
    return new SignedRequest("POST", "/", "", headers, body);
  }
}
