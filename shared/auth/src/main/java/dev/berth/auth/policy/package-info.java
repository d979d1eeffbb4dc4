/**
 * IAM policy documents and their evaluation, for identity-based policies in one account.
 *
 * <p>Use: parse each policy once with {@link dev.berth.auth.policy.PolicyDocument#parse} (it throws
 * {@link dev.berth.auth.policy.MalformedPolicyException} with an IAM-like message), then call
 * {@link dev.berth.auth.policy.PolicyEvaluator#evaluate} with all of a principal's policies and an
 * {@link dev.berth.auth.policy.AuthorizationRequest} per resource. Context keys come through
 * {@link dev.berth.auth.policy.ContextKeys}, read lazily.
 *
 * <p>Choices where IAM's documentation leaves room, each explained where it is made:
 * a negated operator on an absent key is true ({@code KeyCondition}); a policy value whose
 * variable has no value never makes a statement apply ({@code ElementMatcher},
 * {@code KeyCondition}); a variable's value is literal, never a wildcard ({@code PolicyValue});
 * ArnEquals matches like ArnLike ({@code ArnMatcher}); IPv4 ranges never contain IPv6 addresses
 * ({@code Cidr}); {@code Null} takes neither {@code IfExists} nor a set qualifier
 * ({@code ConditionOperator}). Left out: resource-based policies, permission boundaries, SCPs,
 * session policies, {@code BinaryEquals}.
 */
package dev.berth.auth.policy;
