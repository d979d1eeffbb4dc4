package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.AccessKeys;
import dev.berth.auth.identity.AgentToken;
import dev.berth.auth.identity.MasterKey;
import dev.berth.auth.identity.Principal;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import dev.berth.auth.sigv4.CallerIdentityProof;
import dev.berth.auth.sts.CallerIdentity;
import dev.berth.auth.sts.InstanceRoles;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Berth's {@code ProveInstanceRole}: how an agent on EC2 proves itself with no Berth key at all. It
 * signs an STS {@code GetCallerIdentity} request with its instance role's credentials and sends Berth
 * the request's headers and body, unsent. Berth checks the proof ({@link CallerIdentityProof}), sends it
 * to STS at the endpoint Berth is configured with, and reads who signed it: an assumed-role session
 * named after an EC2 instance. When the operator allowed that role in the cluster ({@link InstanceRoles}),
 * the agent gets a short-lived credential that may register only as that EC2 instance, only in that
 * cluster, and then assume that instance's identity ({@link AgentCredentials}).
 */
final class InstanceRoleLogin {
  private static final Logger LOG = Logger.getLogger(InstanceRoleLogin.class.getName());
  static final Duration LIFETIME = Duration.ofMinutes(15);
  static final Duration WINDOW = Duration.ofMinutes(5);
  private static final Pattern ERROR_CODE = Pattern.compile("<Code>([A-Za-z.]{1,64})</Code>");

  /** A proven role's principal and the answer to send it. */
  record Login(Principal principal, ObjectNode response) {}

  private final InstanceRoles roles;
  private final URI sts;
  private final CallerIdentityService service;
  private final MasterKey master;
  private final Arns arns;
  private final Clock clock;

  InstanceRoleLogin(InstanceRoles roles, URI sts, CallerIdentityService service, MasterKey master, Arns arns,
      Clock clock) {
    this.roles = roles;
    this.sts = sts;
    this.service = service;
    this.master = master;
    this.arns = arns;
    this.clock = clock;
  }

  /**
   * @param request the validated ProveInstanceRole request
   * @param serverId this Berth's name as the agent reached it (the Host it called), which the proof must sign
   * @throws AuthException the proof is refused; EcsException (500) STS could not answer
   */
  Login prove(ObjectNode request, String serverId) {
    String cluster = request.path("cluster").asText();
    if (roles.isEmpty()) {
      throw new AuthException(AuthError.ACCESS_DENIED, "No EC2 instance role may register agents with this Berth: "
          + "its operator allows roles per cluster in BERTH_AGENT_ROLES (the AgentRoles parameter).");
    }
    JsonNode signed = request.path("callerIdentityRequest");
    Map<String, String> headers = new LinkedHashMap<>();
    signed.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    Instant now = clock.instant();
    CallerIdentityProof proof = CallerIdentityProof.check(headers, signed.path("body").asText(), sts,
        serverId == null ? "" : serverId, now, WINDOW);
    CallerIdentity caller = ask(proof);
    if (!caller.isAssumedRole()) {
      throw denied("The proof is signed by " + caller.arn() + ", which is not a role session: an agent proves "
          + "itself with its EC2 instance profile's credentials.");
    }
    String ec2InstanceId = caller.ec2InstanceId().orElseThrow(() -> denied("The role session " + caller.arn()
        + " is not named after an EC2 instance (instance profile sessions are), so it proves no instance."));
    if (!roles.allows(cluster, caller.roleArn())) {
      throw denied("User: " + caller.arn() + " is not authorized to perform: ecs:RegisterContainerInstance on "
          + "resource: " + arns.cluster(cluster) + " because no agent role entry allows the role "
          + caller.roleArn() + " in the cluster " + cluster);
    }
    String keyId = AccessKeys.newKeyId(AccessKeys.TEMPORARY_PREFIX);
    AgentToken token = AgentToken.instanceRole(keyId, cluster, caller.arn(), ec2InstanceId, now, now.plus(LIFETIME));
    ObjectNode response = JsonTrees.object();
    response.put("callerArn", caller.arn());
    response.put("ec2InstanceId", ec2InstanceId);
    AgentCredentials.putCredentials(response, master, token);
    return new Login(Principal.instanceRole(keyId, cluster, caller.arn(), ec2InstanceId), response);
  }

  private CallerIdentity ask(CallerIdentityProof proof) {
    CallerIdentityService.Answer answer;
    try {
      answer = service.send(sts, proof);
    } catch (IOException e) {
      LOG.warning("STS at " + sts + " did not answer: " + e);
      throw unavailable();
    }
    if (answer.status() >= 500) {
      LOG.warning("STS at " + sts + " answered " + answer.status());
      throw unavailable();
    }
    if (answer.status() != 200) {
      String code = errorCode(answer.body());
      AuthError error = switch (code) {
        case "InvalidClientTokenId" -> AuthError.UNRECOGNIZED_CLIENT;
        case "ExpiredToken" -> AuthError.EXPIRED_TOKEN;
        case "SignatureDoesNotMatch", "IncompleteSignature", "RequestExpired" -> AuthError.INVALID_SIGNATURE;
        default -> AuthError.ACCESS_DENIED;
      };
      throw new AuthException(error, "STS refused the proof (" + code + "): sign GetCallerIdentity with the "
          + "instance role's current credentials.");
    }
    return CallerIdentity.parse(answer.body()).orElseThrow(() -> {
      LOG.warning("STS at " + sts + " answered something that is not a GetCallerIdentity result");
      return unavailable();
    });
  }

  private static String errorCode(byte[] body) {
    Matcher m = ERROR_CODE.matcher(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : "Unknown";
  }

  private static AuthException denied(String message) {
    return new AuthException(AuthError.ACCESS_DENIED, message);
  }

  private static EcsException unavailable() {
    return new EcsException("ServerException", "STS could not check the proof just now; try again.", 500, List.of());
  }
}
