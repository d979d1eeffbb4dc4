package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.sts.InstanceRoles;
import dev.berth.store.testing.EmulatorSts;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ProveInstanceRole over HTTP, with the emulator's STS answering: an allowed role's session gets a
 * credential that registers only as its own EC2 instance in its own cluster; a role not allowed, and
 * proofs that were tampered with, replayed late, or signed for another server or host are refused
 * with ECS's errors and write nothing.
 */
class InstanceRoleIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSTANCE = "i-0a1b2c3d4e5f60718";
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-instance-role", LocalBerth.TEST_SETTINGS.withAgentRoles(
      InstanceRoles.parse("hosts=" + EmulatorSts.roleArn("berth-host") + " *=" + EmulatorSts.roleArn("shared-*"))));
  private static Berth berth;
  private static String serverId;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("hosts");
    berth.createCluster("elsewhere");
    serverId = URI.create(berth.url()).getAuthority();
  }

  @Test
  void anAllowedRoleRegistersAsItsOwnInstanceAndNothingElse() throws Exception {
    EmulatorSts.Session role = EmulatorSts.assumeRole("berth-host", INSTANCE);
    HttpResponse<String> proved = prove("hosts", EmulatorSts.proof(role, serverId, Instant.now()),
        EmulatorSts.GET_CALLER_IDENTITY);
    assertEquals(200, proved.statusCode(), proved.body());
    JsonNode answer = JSON.readTree(proved.body());
    assertEquals(INSTANCE, answer.path("ec2InstanceId").asText());
    assertEquals("arn:aws:sts::" + EmulatorSts.ACCOUNT + ":assumed-role/berth-host/" + INSTANCE,
        answer.path("callerArn").asText());
    String[] key = credentials(answer);

    // what it may not do, before and after registering: nothing but register itself here
    Object before = StoreSnapshot.of(berth);
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "RegisterContainerInstance",
        registration("elsewhere", null), key));
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "RegisterContainerInstance",
        registration("hosts", "i-0fffffffffffffff0"), key));
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "CreateCluster", "{\"clusterName\":\"x\"}", key));
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "ListContainerInstances",
        "{\"cluster\":\"hosts\"}", key));
    assertEquals(before, StoreSnapshot.of(berth), "refused calls wrote nothing");

    HttpResponse<String> registered = RawEcs.call(berth.url(), "RegisterContainerInstance",
        registration("hosts", null), key);
    assertEquals(200, registered.statusCode(), registered.body());
    String arn = JSON.readTree(registered.body()).path("containerInstance").path("containerInstanceArn").asText();
    assertEquals(INSTANCE, berth.describeInstance("hosts", arn).ec2InstanceId(), "bound to the proven instance");

    // an instance registered some other way is not this role's to assume
    String other = berth.registerInstance("hosts", 1024, 1024);
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "AssumeInstanceIdentity",
        "{\"cluster\":\"hosts\",\"containerInstance\":\"" + other + "\"}", key));
    // nor to take over by registering again as it; its own instance it may register again
    Object beforeTakeover = StoreSnapshot.of(berth);
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "RegisterContainerInstance",
        reregistration("hosts", other), key));
    assertEquals(beforeTakeover, StoreSnapshot.of(berth), "the refused re-registration wrote nothing");
    HttpResponse<String> again = RawEcs.call(berth.url(), "RegisterContainerInstance", reregistration("hosts", arn),
        key);
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(arn, JSON.readTree(again.body()).path("containerInstance").path("containerInstanceArn").asText());
    HttpResponse<String> assumed = RawEcs.call(berth.url(), "AssumeInstanceIdentity",
        "{\"cluster\":\"hosts\",\"containerInstance\":\"" + arn + "\"}", key);
    assertEquals(200, assumed.statusCode(), assumed.body());
    String[] instance = credentials(JSON.readTree(assumed.body()));
    assertEquals(200, RawEcs.call(berth.url(), "Heartbeat",
        "{\"cluster\":\"hosts\",\"containerInstance\":\"" + arn + "\"}", instance).statusCode());
  }

  @Test
  void aRoleThatIsNotAllowedIsRefusedAndNothingIsWritten() throws Exception {
    Object before = StoreSnapshot.of(berth);
    EmulatorSts.Session other = EmulatorSts.assumeRole("someone-else", INSTANCE);
    HttpResponse<String> refused = prove("hosts", EmulatorSts.proof(other, serverId, Instant.now()),
        EmulatorSts.GET_CALLER_IDENTITY);
    assertRefused("AccessDeniedException", refused);
    assertTrue(refused.body().contains(EmulatorSts.roleArn("someone-else")), refused.body());
    // allowed, but in another cluster than the one asked for
    EmulatorSts.Session host = EmulatorSts.assumeRole("berth-host", INSTANCE);
    assertRefused("AccessDeniedException", prove("elsewhere", EmulatorSts.proof(host, serverId, Instant.now()),
        EmulatorSts.GET_CALLER_IDENTITY));
    // a session that is no EC2 instance
    EmulatorSts.Session laptop = EmulatorSts.assumeRole("berth-host", "laptop-session");
    assertRefused("AccessDeniedException", prove("hosts", EmulatorSts.proof(laptop, serverId, Instant.now()),
        EmulatorSts.GET_CALLER_IDENTITY));
    assertEquals(before, StoreSnapshot.of(berth), "refused proofs wrote nothing");
  }

  @Test
  void tamperedReplayedAndMisdirectedProofsAreRefused() throws Exception {
    EmulatorSts.Session role = EmulatorSts.assumeRole("shared-hosts", INSTANCE);
    Object before = StoreSnapshot.of(berth);

    // replayed: a proof signed ten minutes ago (and one dated ahead) is past Berth's window
    assertRefused("InvalidSignatureException", prove("hosts",
        EmulatorSts.proof(role, serverId, Instant.now().minus(Duration.ofMinutes(10))), EmulatorSts.GET_CALLER_IDENTITY));
    assertRefused("InvalidSignatureException", prove("hosts",
        EmulatorSts.proof(role, serverId, Instant.now().plus(Duration.ofMinutes(10))), EmulatorSts.GET_CALLER_IDENTITY));
    // made for another Berth (changing the signed header instead breaks the signature, which STS checks)
    assertRefused("InvalidSignatureException", prove("hosts",
        EmulatorSts.proof(role, "other-berth.example.com", Instant.now()), EmulatorSts.GET_CALLER_IDENTITY));
    // signed for a host that is not Berth's STS: Berth never sends it anywhere else
    assertRefused("InvalidSignatureException", prove("hosts",
        EmulatorSts.proof(role, URI.create("https://attacker.example.net"), serverId, Instant.now()),
        EmulatorSts.GET_CALLER_IDENTITY));
    // another STS action in the body
    assertRefused("IncompleteSignatureException", prove("hosts", EmulatorSts.proof(role, serverId, Instant.now()),
        "Action=AssumeRole&Version=2011-06-15&RoleArn=" + EmulatorSts.roleArn("admin") + "&RoleSessionName=x"));
    // another key id in the Authorization header: STS no longer names the role session
    Map<String, String> forged = new LinkedHashMap<>(EmulatorSts.proof(role, serverId, Instant.now()));
    forged.put("Authorization", forged.get("Authorization").replace(role.accessKeyId(), "ASIAFORGEDKEY0000001"));
    assertRefused("AccessDeniedException", prove("hosts", forged, EmulatorSts.GET_CALLER_IDENTITY));
    // no signature at all
    Map<String, String> unsigned = new LinkedHashMap<>(EmulatorSts.proof(role, serverId, Instant.now()));
    unsigned.remove("Authorization");
    assertRefused("MissingAuthenticationTokenException", prove("hosts", unsigned, EmulatorSts.GET_CALLER_IDENTITY));
    // a request that is not a proof: the model's limits
    assertRefused("InvalidParameterException", RawEcs.call(berth.url(), "ProveInstanceRole",
        "{\"cluster\":\"hosts\"}", null));

    assertEquals(before, StoreSnapshot.of(berth), "refused proofs wrote nothing");
    // and the same role's fresh proof is accepted: the refusals were about the proofs
    assertEquals(200, prove("hosts", EmulatorSts.proof(role, serverId, Instant.now()),
        EmulatorSts.GET_CALLER_IDENTITY).statusCode());
  }

  @Test
  void refusalsAndProofsAreInTheAuditTrailWithoutTheProofsSecrets() throws Exception {
    EmulatorSts.Session role = EmulatorSts.assumeRole("berth-host", INSTANCE);
    assertEquals(200, prove("hosts", EmulatorSts.proof(role, serverId, Instant.now()),
        EmulatorSts.GET_CALLER_IDENTITY).statusCode());
    assertRefused("InvalidSignatureException", prove("hosts",
        EmulatorSts.proof(role, serverId, Instant.now().minus(Duration.ofMinutes(10))), EmulatorSts.GET_CALLER_IDENTITY));
    String trail = lookupProofs();
    assertTrue(trail.contains("assumed-role/berth-host/" + INSTANCE), trail);
    assertTrue(trail.contains("InvalidSignature"), trail);
    assertFalse(trail.contains(role.sessionToken()), "the role's session token is never recorded");
    assertFalse(trail.contains(role.secretAccessKey()));
  }

  private static String lookupProofs() throws Exception {
    byte[] body = ("{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"ProveInstanceRole\"}]}")
        .getBytes();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
    headers.put("Content-Type", RawEcs.CONTENT_TYPE);
    headers.putAll(SigV4.signature("POST", URI.create(berth.url()), headers, body, berth.adminKey, "cloudtrail",
        "us-east-1"));
    HttpResponse<String> response = RawEcs.withHeaders(berth.url(), headers, new String(body));
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static HttpResponse<String> prove(String cluster, Map<String, String> headers, String body)
      throws Exception {
    ObjectNode request = JSON.createObjectNode().put("cluster", cluster);
    ObjectNode proof = request.putObject("callerIdentityRequest");
    headers.forEach(proof.putObject("headers")::put);
    proof.put("body", body);
    return RawEcs.call(berth.url(), "ProveInstanceRole", request.toString(), null);
  }

  private static String registration(String cluster, String documentInstanceId) {
    ObjectNode request = JSON.createObjectNode().put("cluster", cluster);
    var resources = request.putArray("totalResources");
    resources.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", 1024);
    resources.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", 1024);
    if (documentInstanceId != null) {
      request.put("instanceIdentityDocument", "{\"instanceId\":\"" + documentInstanceId + "\"}");
    }
    return request.toString();
  }

  private static String reregistration(String cluster, String instanceArn) throws Exception {
    ObjectNode request = (ObjectNode) JSON.readTree(registration(cluster, null));
    return request.put("containerInstanceArn", instanceArn).toString();
  }

  private static String[] credentials(JsonNode answer) {
    JsonNode c = answer.path("credentials");
    return new String[] {c.path("accessKeyId").asText(), c.path("secretAccessKey").asText(),
        c.path("sessionToken").asText()};
  }

  private static void assertRefused(String type, HttpResponse<String> response) throws Exception {
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(type, JSON.readTree(response.body()).path("__type").asText(), response.body());
  }
}
