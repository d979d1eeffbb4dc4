package dev.berth.functions.endpoint;

import dev.berth.auth.identity.AccessKey;
import dev.berth.auth.identity.AccessKeys;
import dev.berth.auth.identity.AgentToken;
import dev.berth.auth.identity.IamUser;
import dev.berth.auth.identity.MasterKey;
import dev.berth.auth.identity.Principal;
import dev.berth.auth.policy.PolicyDocument;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import dev.berth.auth.sigv4.SigV4Verifier;
import dev.berth.auth.sigv4.SigningSecret;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.store.IdentityStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns a signed request into a {@link Caller}. A user key is looked up by its id (one GetItem, then
 * cached for {@link #KEY_TTL}, so a deleted or deactivated key stops working within that time); its
 * secret is derived from the master key, never read. An agent's temporary key carries its claims in
 * its session token, checked against the master key; its instance is re-read every
 * {@link #INSTANCE_TTL} so that a deregistered or lost instance's credential stops working.
 */
final class Authenticator {
  static final Duration KEY_TTL = Duration.ofSeconds(60);
  static final Duration UNKNOWN_KEY_TTL = Duration.ofSeconds(30);
  static final Duration INSTANCE_TTL = Duration.ofSeconds(30);
  private static final String INVALID_TOKEN = "The security token included in the request is invalid.";
  private static final String EXPIRED_TOKEN = "The security token included in the request is expired";

  /** A user key as cached: empty when unknown or inactive. */
  private record KeyEntry(Optional<AccessKey> key, Optional<IamUser> user, String secret,
      List<PolicyDocument> policies) {}

  private final SigV4Verifier verifier;
  private final IdentityStore identities;
  private final ContainerInstanceStore instances;
  private final MasterKey master;
  private final Clock clock;
  private final TtlCache<String, KeyEntry> keys;
  private final TtlCache<String, String> secrets;
  private final TtlCache<String, Optional<String>> instanceStatus;
  private final TtlCache<String, Optional<AgentToken>> tokens;

  Authenticator(SigV4Verifier verifier, IdentityStore identities, ContainerInstanceStore instances, MasterKey master,
      Clock clock) {
    this.verifier = verifier;
    this.identities = identities;
    this.instances = instances;
    this.master = master;
    this.clock = clock;
    this.keys = new TtlCache<>(clock, 10_000);
    this.secrets = new TtlCache<>(clock, 10_000);
    this.instanceStatus = new TtlCache<>(clock, 10_000);
    this.tokens = new TtlCache<>(clock, 10_000);
  }

  Caller authenticate(HttpRequest request, Api api) {
    return verifier.verify(request.signed(), api.signingName(), clock.instant(), this::resolve).principal();
  }

  private SigningSecret<Caller> resolve(String accessKeyId, String sessionToken) {
    if (AccessKeys.isTemporaryKey(accessKeyId)) {
      return agent(accessKeyId, sessionToken);
    }
    if (!AccessKeys.isUserKey(accessKeyId) || sessionToken != null) {
      throw new AuthException(AuthError.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
    }
    KeyEntry entry = keys.get(accessKeyId, this::load, e -> e.key().isPresent() ? KEY_TTL : UNKNOWN_KEY_TTL);
    if (entry.key().isEmpty() || entry.user().isEmpty() || !entry.key().get().active()) {
      throw new AuthException(AuthError.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
    }
    IamUser user = entry.user().get();
    return new SigningSecret<>(entry.secret(), new Caller(Principal.user(user.userName(), user.arn(), accessKeyId),
        entry.policies()));
  }

  private KeyEntry load(String accessKeyId) {
    Optional<AccessKey> key = identities.accessKey(accessKeyId);
    Optional<IamUser> user = key.flatMap(k -> identities.user(k.userName()));
    // Stored documents were validated when they were put; parsing them once per cache period keeps
    // evaluation free of JSON work.
    List<PolicyDocument> policies = user.map(u -> u.policies().values().stream().map(PolicyDocument::parse).toList())
        .orElse(List.of());
    return new KeyEntry(key, user, key.isPresent() ? AccessKeys.secretFor(master, accessKeyId) : "", policies);
  }

  private SigningSecret<Caller> agent(String accessKeyId, String sessionToken) {
    // the MAC check is a KMS call deployed, so a checked token is remembered for a while
    AgentToken token = (sessionToken == null ? Optional.<AgentToken>empty()
        : tokens.get(sessionToken, t -> AgentToken.decode(master, t), t -> KEY_TTL))
        .filter(t -> t.accessKeyId().equals(accessKeyId))
        .orElseThrow(() -> new AuthException(AuthError.UNRECOGNIZED_CLIENT, INVALID_TOKEN));
    Instant now = clock.instant();
    if (!token.expiresAt().isAfter(now)) {
      throw new AuthException(AuthError.EXPIRED_TOKEN, EXPIRED_TOKEN);
    }
    if (token.isInstanceRole()) {
      // a proven instance role, not yet an instance: nothing to revoke it by but its short life
      String secret = secrets.get(accessKeyId, id -> AccessKeys.secretFor(master, id), s -> KEY_TTL);
      return new SigningSecret<>(secret, new Caller(Principal.instanceRole(accessKeyId, token.cluster(),
          token.callerArn(), token.ec2InstanceId()), List.of()));
    }
    Optional<String> status = instanceStatus.get(token.containerInstanceArn(), arn -> status(token), s -> INSTANCE_TTL);
    if (status.isEmpty() || status.get().equals(ContainerInstance.INACTIVE)) {
      // deregistered or lost: its credential dies with it, and the agent has to prove itself again
      throw new AuthException(AuthError.EXPIRED_TOKEN, EXPIRED_TOKEN);
    }
    String secret = secrets.get(accessKeyId, id -> AccessKeys.secretFor(master, id), s -> KEY_TTL);
    return new SigningSecret<>(secret,
        new Caller(Principal.agent(accessKeyId, token.cluster(), token.containerInstanceArn()), List.of()));
  }

  private Optional<String> status(AgentToken token) {
    String id = Arns.resourceId("container-instance", token.containerInstanceArn(), token.cluster());
    return instances.get(token.cluster(), id).map(ContainerInstance::status);
  }
}
