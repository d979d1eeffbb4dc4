package dev.berth.auth.identity;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The session token of an agent's temporary credential: its claims (key id, cluster, container
 * instance, issue and expiry times) and the master key's MAC over them. It describes itself, so
 * verifying it needs no table read beyond the revocation check, and it cannot be altered or made up
 * without the master key. An instance-role token (the credential an agent on EC2 registers with)
 * names no container instance but the STS caller it proved and the EC2 instance that caller is.
 */
public record AgentToken(String accessKeyId, String cluster, String containerInstanceArn, Instant issuedAt,
    Instant expiresAt, String callerArn, String ec2InstanceId) {

  public AgentToken(String accessKeyId, String cluster, String containerInstanceArn, Instant issuedAt,
      Instant expiresAt) {
    this(accessKeyId, cluster, containerInstanceArn, issuedAt, expiresAt, null, null);
  }

  /** The token of a proven instance role: may register as {@code ec2InstanceId} in {@code cluster}. */
  public static AgentToken instanceRole(String accessKeyId, String cluster, String callerArn, String ec2InstanceId,
      Instant issuedAt, Instant expiresAt) {
    return new AgentToken(accessKeyId, cluster, null, issuedAt, expiresAt, callerArn, ec2InstanceId);
  }

  public boolean isInstanceRole() {
    return containerInstanceArn == null;
  }

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_LENGTH = 2048;

  /** The token string: {@code base64url(claims) "." base64url(mac)}. */
  public String encode(MasterKey master) {
    ObjectNode claims = JsonTrees.object();
    claims.put("v", 1);
    claims.put("akid", accessKeyId);
    claims.put("cluster", cluster);
    if (containerInstanceArn != null) {
      claims.put("ci", containerInstanceArn);
    } else {
      claims.put("role", callerArn);
      claims.put("ec2", ec2InstanceId);
    }
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    String body = ENCODER.encodeToString(JsonTrees.bytes(claims));
    return body + "." + ENCODER.encodeToString(mac(master, body));
  }

  /** The token's claims when its MAC is right; empty when it was not made with {@code master}. */
  public static Optional<AgentToken> decode(MasterKey master, String token) {
    if (token == null || token.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    String body = token.substring(0, dot);
    try {
      byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(mac(master, body), given)) {
        return Optional.empty();
      }
      JsonNode claims = JsonTrees.read(Base64.getUrlDecoder().decode(body));
      if (claims.path("v").asInt() != 1) {
        return Optional.empty();
      }
      Instant issued = Instant.ofEpochSecond(claims.path("iat").asLong());
      Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
      if (claims.path("ci").isTextual()) {
        return Optional.of(new AgentToken(claims.path("akid").asText(), claims.path("cluster").asText(),
            claims.path("ci").asText(), issued, expires));
      }
      if (!claims.path("role").isTextual() || !claims.path("ec2").isTextual()) {
        return Optional.empty();
      }
      return Optional.of(instanceRole(claims.path("akid").asText(), claims.path("cluster").asText(),
          claims.path("role").asText(), claims.path("ec2").asText(), issued, expires));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] mac(MasterKey master, String body) {
    return master.mac(("berth/v1/token/" + body).getBytes(StandardCharsets.UTF_8));
  }
}
