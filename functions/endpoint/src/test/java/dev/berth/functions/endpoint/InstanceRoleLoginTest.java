package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.AgentToken;
import dev.berth.auth.identity.LocalMasterKey;
import dev.berth.auth.identity.MasterKey;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import dev.berth.auth.sigv4.CallerIdentityProof;
import dev.berth.auth.sts.InstanceRoles;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.Region;
import dev.berth.protocol.EcsHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** ProveInstanceRole with STS answered in memory: what each answer of STS leads to. */
class InstanceRoleLoginTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final URI STS = URI.create("https://sts.us-east-1.amazonaws.com");
  private static final String SERVER = "berth.example.com";
  private static final String ALLOWED = "arn:aws:sts::123456789012:assumed-role/berth-host/i-0123456789abcdef0";
  private final MasterKey master = new LocalMasterKey(LocalMasterKey.generate());
  private final List<URI> asked = new ArrayList<>();

  private InstanceRoleLogin login(int status, String answer) {
    CallerIdentityService sts = (uri, proof) -> {
      asked.add(uri);
      return new CallerIdentityService.Answer(status, answer.getBytes(StandardCharsets.UTF_8));
    };
    return new InstanceRoleLogin(InstanceRoles.parse("c1=arn:aws:iam::123456789012:role/berth-host"), STS, sts,
        master, new Arns(Region.of("us-east-1", "123456789012")), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String identity(String arn) {
    return "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>" + arn + "</Arn><Account>123456789012"
        + "</Account><UserId>AROA:x</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>";
  }

  @Test
  void anAllowedInstanceRoleGetsACredentialBoundToItsInstanceAndCluster() {
    InstanceRoleLogin.Login result = login(200, identity(ALLOWED)).prove(request("c1"), SERVER);
    assertEquals(List.of(STS), asked, "Berth asked STS at its own endpoint");
    ObjectNode response = result.response();
    assertEquals("i-0123456789abcdef0", response.path("ec2InstanceId").asText());
    AgentToken token = AgentToken.decode(master, response.path("credentials").path("sessionToken").asText())
        .orElseThrow();
    assertTrue(token.isInstanceRole());
    assertEquals("c1", token.cluster());
    assertEquals("i-0123456789abcdef0", token.ec2InstanceId());
    assertEquals(ALLOWED, token.callerArn());
    assertEquals(NOW.plus(InstanceRoleLogin.LIFETIME), token.expiresAt());
    assertEquals(response.path("credentials").path("accessKeyId").asText(), token.accessKeyId());
  }

  @Test
  void aRoleIsRefusedInAClusterItIsNotAllowedIn() {
    var e = assertThrows(AuthException.class, () -> login(200, identity(ALLOWED)).prove(request("c2"), SERVER));
    assertEquals(AuthError.ACCESS_DENIED, e.error());
    assertTrue(e.getMessage().contains("arn:aws:iam::123456789012:role/berth-host"), e.getMessage());
  }

  @Test
  void otherRolesUsersAndSessionsNotNamedAfterAnInstanceAreRefused() {
    for (String arn : new String[] {"arn:aws:sts::123456789012:assumed-role/other/i-0123456789abcdef0",
        "arn:aws:iam::123456789012:user/alice", "arn:aws:sts::123456789012:assumed-role/berth-host/laptop"}) {
      var e = assertThrows(AuthException.class, () -> login(200, identity(arn)).prove(request("c1"), SERVER), arn);
      assertEquals(AuthError.ACCESS_DENIED, e.error(), arn);
    }
  }

  @Test
  void stsRefusalsBecomeEcsAuthenticationErrorsAndOutagesServerErrors() {
    String invalid = "<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>";
    assertEquals(AuthError.UNRECOGNIZED_CLIENT, assertThrows(AuthException.class,
        () -> login(403, invalid).prove(request("c1"), SERVER)).error());
    String expired = "<ErrorResponse><Error><Code>ExpiredToken</Code></Error></ErrorResponse>";
    assertEquals(AuthError.EXPIRED_TOKEN, assertThrows(AuthException.class,
        () -> login(400, expired).prove(request("c1"), SERVER)).error());
    String mismatch = "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>";
    assertEquals(AuthError.INVALID_SIGNATURE, assertThrows(AuthException.class,
        () -> login(403, mismatch).prove(request("c1"), SERVER)).error());
    assertEquals(500, assertThrows(EcsException.class, () -> login(503, "").prove(request("c1"), SERVER)).status());
    assertEquals(500, assertThrows(EcsException.class, () -> login(200, "<x/>").prove(request("c1"), SERVER))
        .status());
  }

  @Test
  void aProofForAnotherServerNeverReachesSts() {
    var e = assertThrows(AuthException.class, () -> login(200, identity(ALLOWED)).prove(request("c1"), "other.example"));
    assertEquals(AuthError.INVALID_SIGNATURE, e.error());
    assertEquals(List.of(), asked);
  }

  @Test
  void nothingIsAllowedWithoutConfiguredRoles() {
    CallerIdentityService sts = (uri, proof) -> {
      throw new IOException("must not be asked");
    };
    var none = new InstanceRoleLogin(InstanceRoles.none(), STS, sts, master,
        new Arns(Region.of("us-east-1", "123456789012")), Clock.fixed(NOW, ZoneOffset.UTC));
    assertEquals(AuthError.ACCESS_DENIED, assertThrows(AuthException.class,
        () -> none.prove(request("c1"), SERVER)).error());
  }

  /** A ProveInstanceRole request whose proof is signed by the SDK's signer at {@link #NOW}. */
  private static ObjectNode request(String cluster) {
    SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(STS)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .putHeader(CallerIdentityProof.SERVER_ID_HEADER, SERVER);
    var signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsSessionCredentialsIdentity.create("ASIAEXAMPLE000000001", "secret", "token"))
        .request(http.build())
        .payload(ContentStreamProvider.fromString(CallerIdentityProof.BODY, StandardCharsets.UTF_8))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
    ObjectNode request = JsonTrees.object().put("cluster", cluster);
    ObjectNode proof = request.putObject("callerIdentityRequest");
    ObjectNode headers = proof.putObject("headers");
    signed.request().headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
    proof.put("body", CallerIdentityProof.BODY);
    return request;
  }
}
