package dev.berth.functions.endpoint;

import dev.berth.auth.identity.Principal;
import dev.berth.auth.policy.PolicyDocument;
import java.util.List;

/** An authenticated caller and, for a user, the IAM policy documents that decide what it may do. */
record Caller(Principal principal, List<PolicyDocument> policies) {
  private static final Caller UNAUTHENTICATED = new Caller(
      Principal.user("anonymous", "arn:aws:iam::000000000000:user/anonymous", ""),
      List.of(PolicyDocument.parse(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}")));

  /** Who calls when authentication is off (a local run for tools with dummy credentials): anything goes. */
  static Caller unauthenticated() {
    return UNAUTHENTICATED;
  }
}
