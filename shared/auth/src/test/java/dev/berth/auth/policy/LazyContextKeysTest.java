package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.CLUSTER_PROD;
import static dev.berth.auth.policy.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The evaluator reads a context key only when a statement that matched so far needs it. */
class LazyContextKeysTest {

  /** Records every key asked for, and answers from a fixed map. */
  private static final class CountingContextKeys implements ContextKeys {
    final List<String> asked = new ArrayList<>();
    private final ContextKeys values;

    CountingContextKeys(Map<String, List<String>> values) {
      this.values = ContextKeys.of(values);
    }

    @Override
    public Optional<List<String>> values(String key) {
      asked.add(key);
      return values.values(key);
    }
  }

  private static final PolicyDocument TAGGED = policy("["
      + "{'Effect':'Allow','Action':'ecs:StopTask','Resource':'*','Condition':{'StringEquals':{'aws:ResourceTag/env':'dev'}}},"
      + "{'Effect':'Allow','Action':'ecs:DescribeClusters','Resource':'" + CLUSTER_PROD + "',"
      + "  'Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}},"
      + "{'Effect':'Allow','Action':'ecs:ListClusters','Resource':'*'}]");

  private static Decision decide(PolicyDocument policy, String action, String resource, ContextKeys keys) {
    return PolicyEvaluator.evaluate(List.of(policy), new AuthorizationRequest(action, resource, keys));
  }

  @Test
  void noKeyIsReadWhenNoStatementWithAConditionMatches() {
    CountingContextKeys keys = new CountingContextKeys(Map.of("aws:ResourceTag/env", List.of("dev")));
    assertEquals(Decision.ALLOW, decide(TAGGED, "ecs:ListClusters", "*", keys));
    assertEquals(List.of(), keys.asked);
  }

  @Test
  void aConditionKeyIsReadOnlyAfterTheResourceMatched() {
    CountingContextKeys keys = new CountingContextKeys(Map.of("aws:SourceIp", List.of("10.1.2.3")));
    assertEquals(Decision.IMPLICIT_DENY, decide(TAGGED, "ecs:DescribeClusters", CLUSTER_PROD + "-other", keys));
    assertEquals(List.of(), keys.asked);
    assertEquals(Decision.ALLOW, decide(TAGGED, "ecs:DescribeClusters", CLUSTER_PROD, keys));
    assertEquals(List.of("aws:SourceIp"), keys.asked);
  }

  @Test
  void onlyTheKeysOfTheMatchingStatementAreRead() {
    CountingContextKeys keys = new CountingContextKeys(Map.of("aws:ResourceTag/env", List.of("dev")));
    assertEquals(Decision.ALLOW, decide(TAGGED, "ecs:StopTask", "arn:aws:ecs:us-east-1:1:task/c/t", keys));
    assertEquals(List.of("aws:ResourceTag/env"), keys.asked);
  }

  @Test
  void conditionsStopAtTheFirstThatFails() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'*','Resource':'*','Condition':{"
        + "'Bool':{'aws:SecureTransport':'true'},'StringEquals':{'aws:ResourceTag/env':'dev'}}}");
    CountingContextKeys keys = new CountingContextKeys(Map.of("aws:SecureTransport", List.of("false")));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:RunTask", "*", keys));
    assertEquals(List.of("aws:SecureTransport"), keys.asked);
  }

  @Test
  void eachKeyIsReadAtMostOncePerEvaluation() {
    PolicyDocument p = policy("["
        + "{'Effect':'Deny','Action':'*','Resource':'*','Condition':{'StringEquals':{'aws:ResourceTag/env':'prod'}}},"
        + "{'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':{'AWS:RESOURCETAG/ENV':'dev'}}},"
        + "{'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringLike':{'aws:resourcetag/env':'d*'}}}]");
    CountingContextKeys keys = new CountingContextKeys(Map.of("aws:ResourceTag/env", List.of("staging")));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:RunTask", "*", keys));
    assertEquals(1, keys.asked.size());
  }

  @Test
  void anExplicitDenyIsFoundBeforeAnyAllowReadsItsKeys() {
    PolicyDocument p = policy("["
        + "{'Effect':'Allow','Action':'*','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}},"
        + "{'Effect':'Deny','Action':'ecs:DeleteCluster','Resource':'*'}]");
    CountingContextKeys keys = new CountingContextKeys(Map.of("aws:SourceIp", List.of("10.0.0.1")));
    assertEquals(Decision.EXPLICIT_DENY, decide(p, "ecs:DeleteCluster", CLUSTER_PROD, keys));
    assertEquals(List.of(), keys.asked);
  }

  @Test
  void aResourceVariableIsReadOnlyAfterTheActionMatched() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:DeleteCluster','Resource':'arn:aws:ecs:*:*:cluster/${aws:username}'}");
    CountingContextKeys keys = new CountingContextKeys(Map.of("aws:username", List.of("prod")));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:RunTask", CLUSTER_PROD, keys));
    assertEquals(List.of(), keys.asked);
    assertEquals(Decision.ALLOW, decide(p, "ecs:DeleteCluster", CLUSTER_PROD, keys));
    assertEquals(List.of("aws:username"), keys.asked);
  }
}
