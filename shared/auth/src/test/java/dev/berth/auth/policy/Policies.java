package dev.berth.auth.policy;

import java.util.List;
import java.util.Map;

/** Test helpers: policies written with single quotes for readability, and one-call decisions. */
final class Policies {

  static final String CLUSTER_PROD = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

  private Policies() {}

  /** Replaces single quotes by double quotes, so JSON can be written inside Java strings. */
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** A 2012-10-17 policy with the given statement list (single-quoted JSON). */
  static PolicyDocument policy(String statements) {
    return PolicyDocument.parse(json("{'Version':'2012-10-17','Statement':" + statements + "}"));
  }

  /** An Allow on every action and resource, restricted by one Condition block (single-quoted JSON). */
  static PolicyDocument allowWhen(String condition) {
    return policy("[{'Effect':'Allow','Action':'*','Resource':'*','Condition':" + condition + "}]");
  }

  /** Whether the Condition block holds for a request carrying {@code context}. */
  static boolean holds(String condition, Map<String, List<String>> context) {
    return decide(allowWhen(condition), "ecs:RunTask", "*", context) == Decision.ALLOW;
  }

  static Decision decide(PolicyDocument policy, String action, String resource) {
    return decide(policy, action, resource, Map.of());
  }

  static Decision decide(PolicyDocument policy, String action, String resource, Map<String, List<String>> context) {
    return PolicyEvaluator.evaluate(List.of(policy),
        new AuthorizationRequest(action, resource, ContextKeys.of(context)));
  }

  static Map<String, List<String>> key(String name, String... values) {
    return Map.of(name, List.of(values));
  }
}
