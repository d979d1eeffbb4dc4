package dev.berth.agent.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Signs the agent's calls with a credential bound to its own container instance, as Berth requires:
 * registration goes out under the bootstrap key (a key allowed to register instances in the cluster),
 * then Berth's {@code AssumeInstanceIdentity} turns that into a short-lived credential for the
 * registered instance, renewed with itself well before it expires. When the instance changes (the agent
 * registered anew) or the credential is refused, the bootstrap key asks again.
 */
public final class InstanceIdentity implements RequestSigner {
  private static final Logger LOG = Logger.getLogger(InstanceIdentity.class.getName());
  static final String ASSUME = "AssumeInstanceIdentity";
  /** A credential is renewed once three quarters of its life have passed. */
  private record Credential(String instanceArn, AwsSessionCredentials credentials, Instant obtained, Instant expires,
      RequestSigner signer) {
    Credential(String instanceArn, AwsSessionCredentials credentials, Instant obtained, Instant expires,
        String region) {
      // one signer per credential, not one per request
      this(instanceArn, credentials, obtained, expires,
          RequestSigner.sigV4(StaticCredentialsProvider.create(credentials), region));
    }

    Instant renewAt() {
      return obtained.plus(Duration.between(obtained, expires).multipliedBy(3).dividedBy(4));
    }
  }

  private final RequestSigner bootstrap;
  private final URI endpoint;
  private final HttpClient http;
  private final String region;
  private final String cluster;
  private final Supplier<String> instanceArn;
  private final Clock clock;
  private volatile Credential current;

  public InstanceIdentity(RequestSigner bootstrap, URI endpoint, HttpClient http, String region, String cluster,
      Supplier<String> instanceArn, Clock clock) {
    this.bootstrap = bootstrap;
    this.endpoint = endpoint;
    this.http = http;
    this.region = region;
    this.cluster = cluster;
    this.instanceArn = instanceArn;
    this.clock = clock;
  }

  @Override
  public Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body) {
    String target = headers.getOrDefault("X-Amz-Target", "");
    String arn = instanceArn.get();
    if (target.endsWith(".RegisterContainerInstance") || target.endsWith(".CreateCluster") || arn == null) {
      return bootstrap.sign(uri, headers, body);
    }
    Credential credential = credentialFor(arn);
    if (credential == null) {
      // Berth refuses the bootstrap key for this call, and the caller sees why
      return bootstrap.sign(uri, headers, body);
    }
    return credential.signer().sign(uri, headers, body);
  }

  /**
   * The instance's own credential (obtained or renewed first when needed), for what is signed outside
   * ECS calls: the agent channel's handshake. Empty before registration or when none can be had.
   */
  public java.util.Optional<AwsSessionCredentials> instanceCredentials() {
    String arn = instanceArn.get();
    if (arn == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(credentialFor(arn)).map(Credential::credentials);
  }

  /** The credential was refused: forget it, so the next call asks for a new one with the bootstrap key. */
  @Override
  public void refused(String errorCode) {
    LOG.info("the instance credential was refused (" + errorCode + "); asking for a new one");
    current = null;
    bootstrap.refused(errorCode);
  }

  /** The instance is INACTIVE (deregistered or lost): the agent must register anew. */
  static final class Inactive extends RuntimeException {
    private final EcsError error;

    Inactive(EcsError error) {
      super(error.getMessage(), null, false, false);
      this.error = error;
    }

    EcsError error() {
      return error;
    }
  }

  private synchronized Credential credentialFor(String arn) {
    Credential held = current;
    Instant now = clock.instant();
    if (held != null && held.instanceArn().equals(arn) && held.renewAt().isAfter(now)) {
      return held;
    }
    Credential renewed = null;
    if (held != null && held.instanceArn().equals(arn) && held.expires().isAfter(now)) {
      renewed = assume(arn, held.signer());
    }
    if (renewed == null) {
      renewed = assume(arn, bootstrap);
    } else {
      LOG.info("renewed the credential of " + arn + " until " + renewed.expires());
    }
    current = renewed;
    return renewed;
  }

  private Credential assume(String arn, RequestSigner signer) {
    EcsTransport transport = new EcsTransport(endpoint, http, signer, Duration.ofSeconds(30));
    try {
      JsonNode answer = transport.call(ASSUME, JsonNodeFactory.instance.objectNode().put("cluster", cluster)
          .put("containerInstance", arn));
      JsonNode c = answer.path("credentials");
      return new Credential(arn, AwsSessionCredentials.create(c.path("accessKeyId").asText(),
          c.path("secretAccessKey").asText(), c.path("sessionToken").asText()), clock.instant(),
          Instant.ofEpochSecond(c.path("expiration").asLong()), region);
    } catch (EcsError e) {
      if (e.is(EcsError.INACTIVE_INSTANCE)) {
        throw new Inactive(e);
      }
      LOG.warning("could not get a credential for " + arn + ": " + e.getMessage());
      return null;
    } catch (IOException e) {
      LOG.warning("could not get a credential for " + arn + ": " + e.getMessage());
      return null;
    }
  }
}
