package dev.berth.auth.sigv4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Proofs as the SDK's signer makes them, and each way one can be unfit to forward. */
class CallerIdentityProofTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final URI STS = URI.create("https://sts.us-east-1.amazonaws.com");
  private static final String SERVER = "berth.example.com";
  private static final Duration WINDOW = Duration.ofMinutes(5);

  @Test
  void acceptsASignedGetCallerIdentityAndForwardsOnlyWhatCarriesTheSignature() {
    Map<String, String> proof = signed(NOW, STS, SERVER, "sts", h -> { });
    proof.put("X-Something-Else", "unsigned");
    CallerIdentityProof checked = CallerIdentityProof.check(proof, CallerIdentityProof.BODY, STS, SERVER, NOW, WINDOW);
    assertArrayEquals(CallerIdentityProof.BODY.getBytes(StandardCharsets.UTF_8), checked.body());
    assertEquals(proof.get("Authorization"), checked.forwardHeaders().get("authorization"));
    assertEquals(SERVER, checked.forwardHeaders().get("x-berth-server-id"));
    assertTrue(checked.forwardHeaders().containsKey("x-amz-security-token"));
    assertFalse(checked.forwardHeaders().containsKey("x-something-else"));
    assertFalse(checked.forwardHeaders().containsKey("host"), "the HTTP client sets Host to the endpoint's own");
  }

  @Test
  void acceptsTheWindowsEdgesAndRefusesBeyond() {
    for (Duration offset : new Duration[] {WINDOW, WINDOW.negated()}) {
      var proof = signed(NOW.plus(offset), STS, SERVER, "sts", h -> { });
      CallerIdentityProof.check(proof, CallerIdentityProof.BODY, STS, SERVER, NOW, WINDOW);
    }
    for (Duration offset : new Duration[] {WINDOW.plusSeconds(1), WINDOW.plusSeconds(1).negated()}) {
      var proof = signed(NOW.plus(offset), STS, SERVER, "sts", h -> { });
      AuthException e = assertThrows(AuthException.class,
          () -> CallerIdentityProof.check(proof, CallerIdentityProof.BODY, STS, SERVER, NOW, WINDOW));
      assertEquals(AuthError.INVALID_SIGNATURE, e.error());
      assertTrue(e.getMessage().contains("sign a new one"), e.getMessage());
    }
  }

  @Test
  void refusesAProofSignedForAnotherHost() {
    var proof = signed(NOW, URI.create("https://attacker.example.net"), SERVER, "sts", h -> { });
    var e = assertThrows(AuthException.class,
        () -> CallerIdentityProof.check(proof, CallerIdentityProof.BODY, STS, SERVER, NOW, WINDOW));
    assertEquals(AuthError.INVALID_SIGNATURE, e.error());
    assertTrue(e.getMessage().contains("sts.us-east-1.amazonaws.com"), e.getMessage());
  }

  @Test
  void refusesAProofMeantForAnotherServerOrWithoutTheSignedServerId() {
    var other = signed(NOW, STS, "other-berth.example.com", "sts", h -> { });
    assertEquals(AuthError.INVALID_SIGNATURE, refusal(other, CallerIdentityProof.BODY));
    var unsignedId = signed(NOW, STS, null, "sts", h -> { });
    unsignedId.put("X-Berth-Server-Id", SERVER); // added after signing: not covered by the signature
    assertEquals(AuthError.INVALID_SIGNATURE, refusal(unsignedId, CallerIdentityProof.BODY));
  }

  @Test
  void refusesAnythingButGetCallerIdentityForSts() {
    assertEquals(AuthError.INCOMPLETE_SIGNATURE, refusal(signed(NOW, STS, SERVER, "sts", h -> { }),
        "Action=AssumeRole&Version=2011-06-15&RoleArn=x"));
    assertEquals(AuthError.INVALID_SIGNATURE, refusal(signed(NOW, STS, SERVER, "iam", h -> { }),
        CallerIdentityProof.BODY));
  }

  @Test
  void refusesMissingOrMalformedParts() {
    var noAuthorization = signed(NOW, STS, SERVER, "sts", h -> { });
    noAuthorization.remove("Authorization");
    assertEquals(AuthError.MISSING_TOKEN, refusal(noAuthorization, CallerIdentityProof.BODY));
    var garbled = signed(NOW, STS, SERVER, "sts", h -> { });
    garbled.put("Authorization", "AWS4-HMAC-SHA256 Credential=nonsense");
    assertEquals(AuthError.INCOMPLETE_SIGNATURE, refusal(garbled, CallerIdentityProof.BODY));
    var badDate = signed(NOW, STS, SERVER, "sts", h -> { });
    badDate.put("X-Amz-Date", "yesterday");
    assertEquals(AuthError.INCOMPLETE_SIGNATURE, refusal(badDate, CallerIdentityProof.BODY));
    var unsignedToken = signed(NOW, STS, SERVER, "sts", h -> { });
    unsignedToken.remove("X-Amz-Security-Token");
    assertEquals(AuthError.INVALID_SIGNATURE, refusal(unsignedToken, CallerIdentityProof.BODY),
        "a signed header that is missing");
  }

  @Test
  void refusesHeadersBerthWouldNotForward() {
    var extra = signed(NOW, STS, SERVER, "sts", h -> h.put("X-Forwarded-Host", "elsewhere"));
    var e = assertThrows(AuthException.class,
        () -> CallerIdentityProof.check(extra, CallerIdentityProof.BODY, STS, SERVER, NOW, WINDOW));
    assertTrue(e.getMessage().contains("x-forwarded-host"), e.getMessage());
  }

  @Test
  void theHostOfAnEndpointIsWhatAnHttpClientSends() {
    assertEquals("sts.us-east-1.amazonaws.com", CallerIdentityProof.authority(STS));
    assertEquals("localhost:4566", CallerIdentityProof.authority(URI.create("http://localhost:4566")));
    assertEquals("example.com", CallerIdentityProof.authority(URI.create("https://example.com:443/")));
  }

  private static AuthError refusal(Map<String, String> proof, String body) {
    return assertThrows(AuthException.class,
        () -> CallerIdentityProof.check(proof, body, STS, SERVER, NOW, WINDOW)).error();
  }

  /** The headers of a GetCallerIdentity request for {@code host} signed at {@code at}, as an agent makes them. */
  static Map<String, String> signed(Instant at, URI host, String serverId, String service,
      Consumer<Map<String, String>> signedExtra) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(host)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    if (serverId != null) {
      request.putHeader("X-Berth-Server-Id", serverId);
    }
    Map<String, String> extra = new LinkedHashMap<>();
    signedExtra.accept(extra);
    extra.forEach(request::putHeader);
    var identity = AwsSessionCredentialsIdentity.create("ASIAEXAMPLEROLE00001", "secret", "session-token");
    var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
        .payload(ContentStreamProvider.fromString(CallerIdentityProof.BODY, StandardCharsets.UTF_8))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    Map<String, String> headers = new LinkedHashMap<>();
    signed.request().headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
    return headers;
  }
}
