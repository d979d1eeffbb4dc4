package dev.berth.functions.endpoint;

import dev.berth.auth.identity.Principal;
import dev.berth.auth.policy.AuthorizationRequest;
import dev.berth.auth.policy.ContextKeys;
import dev.berth.auth.policy.Decision;
import dev.berth.auth.policy.PolicyEvaluator;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import dev.berth.model.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides a user's call with its IAM policies: every resource the call names must be allowed, and an
 * explicit Deny anywhere refuses the whole call. The request context carries AWS's global keys
 * (aws:SourceIp, aws:CurrentTime, aws:EpochTime, aws:username, aws:PrincipalArn, aws:RequestTag/*,
 * aws:TagKeys), the operation's own keys, and the resource's tags, read only when a condition asks.
 */
final class PolicyAuthorizer {
  /** The request-wide facts every resource of one call shares. */
  record Request(String action, String sourceIp, List<Tag> requestTags, List<String> tagKeys) {
    /** A request whose tag keys (aws:TagKeys) are those of its tags. */
    Request(String action, String sourceIp, List<Tag> requestTags) {
      this(action, sourceIp, requestTags, requestTags.stream().map(Tag::key).toList());
    }
  }

  private final Clock clock;

  PolicyAuthorizer(Clock clock) {
    this.clock = clock;
  }

  void authorize(Caller caller, Request request, List<EcsResources.Target> targets) {
    Instant now = clock.instant();
    for (EcsResources.Target target : targets) {
      ContextKeys keys = keys(caller.principal(), request, target, now);
      Decision decision = PolicyEvaluator.evaluate(caller.policies(),
          new AuthorizationRequest(request.action(), target.resource(), keys));
      if (!decision.allowed()) {
        throw denied(caller.principal(), request.action(), target.resource(), decision);
      }
    }
  }

  static AuthException denied(Principal principal, String action, String resource, Decision decision) {
    String why = decision == Decision.EXPLICIT_DENY ? "with an explicit deny in an identity-based policy"
        : "because no identity-based policy allows the " + action + " action";
    return new AuthException(AuthError.ACCESS_DENIED, "User: " + principal.arn() + " is not authorized to perform: "
        + action + " on resource: " + resource + " " + why);
  }

  private static ContextKeys keys(Principal principal, Request request, EcsResources.Target target, Instant now) {
    Supplier<List<Tag>> resourceTags = memoize(target.tags());
    return key -> {
      String lower = key.toLowerCase(Locale.ROOT);
      switch (lower) {
        case "aws:sourceip":
          return some(request.sourceIp());
        case "aws:currenttime":
          return some(now.toString());
        case "aws:epochtime":
          return some(Long.toString(now.getEpochSecond()));
        case "aws:username":
          return principal.isAgent() ? Optional.empty() : some(principal.name());
        case "aws:principalarn":
          return some(principal.arn());
        case "aws:principaltype":
          return some("User");
        case "aws:tagkeys":
          return request.tagKeys().isEmpty() ? Optional.empty() : Optional.of(request.tagKeys());
        default:
          break;
      }
      if (lower.startsWith("aws:requesttag/")) {
        return tagValue(request.requestTags(), key.substring("aws:requesttag/".length()));
      }
      if (lower.startsWith("aws:resourcetag/")) {
        return tagValue(resourceTags.get(), key.substring("aws:resourcetag/".length()));
      }
      if (lower.startsWith("ecs:resourcetag/")) {
        // ECS's own name for the same key, which its Service Authorization Reference also lists
        return tagValue(resourceTags.get(), key.substring("ecs:resourcetag/".length()));
      }
      for (Map.Entry<String, List<String>> own : target.keys().entrySet()) {
        if (own.getKey().equalsIgnoreCase(key)) {
          return own.getValue().isEmpty() ? Optional.empty() : Optional.of(own.getValue());
        }
      }
      return Optional.empty();
    };
  }

  /** Tag keys are case-sensitive in ECS; the condition key's tag part is taken as written. */
  private static Optional<List<String>> tagValue(List<Tag> tags, String tagKey) {
    List<String> out = new ArrayList<>();
    tags.stream().filter(t -> t.key().equals(tagKey)).forEach(t -> out.add(t.value()));
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  private static Optional<List<String>> some(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(List.of(value));
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    Object[] held = new Object[1];
    return () -> {
      if (held[0] == null) {
        held[0] = supplier.get();
      }
      @SuppressWarnings("unchecked")
      T value = (T) held[0];
      return value;
    };
  }
}
