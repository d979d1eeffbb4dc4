package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.decide;
import static dev.berth.auth.policy.Policies.holds;
import static dev.berth.auth.policy.Policies.key;
import static dev.berth.auth.policy.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyVariablesTest {

  private static final String OWN_CLUSTERS =
      "{'Effect':'Allow','Action':'ecs:*','Resource':'arn:aws:ecs:*:*:cluster/${aws:username}-*'}";
  private static final String ALICE_DEV = "arn:aws:ecs:us-east-1:123456789012:cluster/alice-dev";

  @Test
  void aVariableInAResourceTakesTheRequestValue() {
    PolicyDocument p = policy(OWN_CLUSTERS);
    assertEquals(Decision.ALLOW, decide(p, "ecs:DeleteCluster", ALICE_DEV, key("aws:username", "alice")));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DeleteCluster", ALICE_DEV, key("aws:username", "bob")));
  }

  @Test
  void variableNamesAreCaseInsensitive() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:*','Resource':'arn:aws:ecs:*:*:cluster/${AWS:UserName}-*'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DeleteCluster", ALICE_DEV, key("aws:username", "alice")));
  }

  @Test
  void aMissingVariableMatchesNoResource() {
    assertEquals(Decision.IMPLICIT_DENY, decide(policy(OWN_CLUSTERS), "ecs:DeleteCluster", ALICE_DEV));
  }

  @Test
  void aMissingVariableNeverWidensNotResource() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:*','NotResource':'arn:aws:ecs:*:*:cluster/${aws:username}-*'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DeleteCluster", ALICE_DEV, key("aws:username", "bob")));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DeleteCluster", ALICE_DEV));
  }

  @Test
  void aMultivaluedKeyCannotBeAVariable() {
    assertEquals(Decision.IMPLICIT_DENY,
        decide(policy(OWN_CLUSTERS), "ecs:DeleteCluster", ALICE_DEV, key("aws:username", "alice", "bob")));
  }

  @Test
  void aVariablesValueIsLiteralNotAWildcard() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:*','Resource':'arn:aws:ecs:*:*:cluster/${aws:username}'}");
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DeleteCluster", ALICE_DEV, key("aws:username", "*")));
    assertEquals(Decision.ALLOW,
        decide(p, "ecs:DeleteCluster", "arn:aws:ecs:us-east-1:123456789012:cluster/*", key("aws:username", "*")));
  }

  @Test
  void escapesStandForLiteralCharacters() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:*','Resource':'arn:aws:ecs:*:*:cluster/a${*}b${?}c${$}'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DescribeClusters", "arn:aws:ecs:us-east-1:1:cluster/a*b?c$"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DescribeClusters", "arn:aws:ecs:us-east-1:1:cluster/aXXbYc$"));
  }

  @Test
  void aDefaultStandsInForAMissingKey() {
    PolicyDocument p = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Action\":\"ecs:*\",\"Resource\":\"arn:aws:ecs:*:*:cluster/${aws:PrincipalTag/team, 'shared'}-*\"}}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DescribeClusters", "arn:aws:ecs:us-east-1:1:cluster/shared-x"));
    assertEquals(Decision.ALLOW, decide(p, "ecs:DescribeClusters", "arn:aws:ecs:us-east-1:1:cluster/web-x",
        key("aws:PrincipalTag/team", "web")));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DescribeClusters", "arn:aws:ecs:us-east-1:1:cluster/shared-x",
        key("aws:PrincipalTag/team", "web")));
  }

  @Test
  void version2008TakesVariablesLiterally() {
    PolicyDocument p = PolicyDocument.parse(Policies.json("{'Version':'2008-10-17','Statement':"
        + "{'Effect':'Allow','Action':'ecs:*','Resource':'arn:aws:ecs:*:*:cluster/${aws:username}'}}"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DeleteCluster",
        "arn:aws:ecs:us-east-1:1:cluster/alice", key("aws:username", "alice")));
    assertEquals(Decision.ALLOW, decide(p, "ecs:DeleteCluster",
        "arn:aws:ecs:us-east-1:1:cluster/${aws:username}", key("aws:username", "alice")));
  }

  @Test
  void variablesInConditionValues() {
    String c = "{'StringLike':{'aws:ResourceTag/owner':'${aws:username}*'}}";
    assertTrue(holds(c, Map.of("aws:username", List.of("alice"), "aws:ResourceTag/owner", List.of("alice-team"))));
    assertFalse(holds(c, Map.of("aws:username", List.of("bob"), "aws:ResourceTag/owner", List.of("alice-team"))));
    String arn = "{'ArnLike':{'ecs:cluster':'arn:aws:ecs:*:*:cluster/${aws:username}'}}";
    assertTrue(holds(arn, Map.of("aws:username", List.of("alice"), "ecs:cluster", List.of(ALICE_DEV.replace("-dev", "")))));
  }

  @Test
  void aMissingVariableMakesEvenANegatedConditionFalse() {
    String c = "{'StringNotEquals':{'aws:ResourceTag/owner':'${aws:username}'}}";
    assertTrue(holds(c, Map.of("aws:username", List.of("alice"), "aws:ResourceTag/owner", List.of("bob"))));
    assertFalse(holds(c, key("aws:ResourceTag/owner", "bob")));
  }

  @Test
  void anIncompletePlaceholderIsLiteralText() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:*','Resource':'arn:aws:ecs:*:*:cluster/${oops'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DescribeClusters", "arn:aws:ecs:us-east-1:1:cluster/${oops"));
  }

  @Test
  void quotesInADefaultAreDoubled() {
    PolicyValue value = PolicyVariables.parse("${aws:username, 'it''s'}", true);
    assertEquals("it's", value.literal(VariableResolver.NONE).orElseThrow());
  }
}
