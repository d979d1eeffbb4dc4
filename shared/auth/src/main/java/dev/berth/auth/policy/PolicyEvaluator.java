package dev.berth.auth.policy;

import java.util.List;

/**
 * IAM's evaluation logic for identity-based policies in one account: an explicit Deny wins, then
 * any Allow, and otherwise the request is implicitly denied. Stateless and thread-safe.
 */
public final class PolicyEvaluator {

  private PolicyEvaluator() {}

  /**
   * Decides one request against every policy attached to the principal.
   *
   * <p>Every Deny statement is tried before any Allow statement, so the answer does not depend
   * on the order of policies or statements. Context keys are read lazily (see
   * {@link ContextKeys}): a policy variable in a Resource once the action matched, a condition
   * key once the action and resource matched and the conditions before it held.
   */
  public static Decision evaluate(List<PolicyDocument> policies, AuthorizationRequest request) {
    RequestScope scope = new RequestScope(request);
    for (PolicyDocument policy : policies) {
      for (Statement statement : policy.denies()) {
        if (statement.applies(scope)) {
          return Decision.EXPLICIT_DENY;
        }
      }
    }
    for (PolicyDocument policy : policies) {
      for (Statement statement : policy.allows()) {
        if (statement.applies(scope)) {
          return Decision.ALLOW;
        }
      }
    }
    return Decision.IMPLICIT_DENY;
  }
}
