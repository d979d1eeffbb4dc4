package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.CLUSTER_PROD;
import static dev.berth.auth.policy.Policies.decide;
import static dev.berth.auth.policy.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

  private static final String TASK_DEF = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3";

  @Test
  void noPolicyIsAnImplicitDeny() {
    assertEquals(Decision.IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(),
        new AuthorizationRequest("ecs:RunTask", TASK_DEF, ContextKeys.empty())));
  }

  @Test
  void anAllowThatMatchesAllows() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:RunTask','Resource':'" + TASK_DEF + "'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:RunTask", TASK_DEF));
  }

  @Test
  void anAllowForAnotherActionIsAnImplicitDeny() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:StopTask','Resource':'*'}");
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:RunTask", TASK_DEF));
  }

  @Test
  void explicitDenyBeatsAllowWhateverTheOrder() {
    String allow = "{'Effect':'Allow','Action':'ecs:*','Resource':'*'}";
    String deny = "{'Effect':'Deny','Action':'ecs:RunTask','Resource':'*'}";
    assertEquals(Decision.EXPLICIT_DENY, decide(policy("[" + allow + "," + deny + "]"), "ecs:RunTask", TASK_DEF));
    assertEquals(Decision.EXPLICIT_DENY, decide(policy("[" + deny + "," + allow + "]"), "ecs:RunTask", TASK_DEF));
    assertEquals(Decision.ALLOW, decide(policy("[" + deny + "," + allow + "]"), "ecs:StopTask", TASK_DEF));
  }

  @Test
  void denyInOnePolicyBeatsAllowInAnother() {
    PolicyDocument allow = policy("{'Effect':'Allow','Action':'*','Resource':'*'}");
    PolicyDocument deny = policy("{'Effect':'Deny','Action':'ecs:DeleteCluster','Resource':'" + CLUSTER_PROD + "'}");
    AuthorizationRequest request = new AuthorizationRequest("ecs:DeleteCluster", CLUSTER_PROD, ContextKeys.empty());
    assertEquals(Decision.EXPLICIT_DENY, PolicyEvaluator.evaluate(List.of(allow, deny), request));
    assertEquals(Decision.ALLOW, PolicyEvaluator.evaluate(List.of(allow), request));
  }

  @Test
  void aDenyWhoseConditionFailsDoesNotDeny() {
    PolicyDocument p = policy("[{'Effect':'Allow','Action':'ecs:*','Resource':'*'},"
        + "{'Effect':'Deny','Action':'ecs:*','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'false'}}}]");
    assertEquals(Decision.ALLOW, Policies.decide(p, "ecs:RunTask", TASK_DEF, Policies.key("aws:SecureTransport", "true")));
    assertEquals(Decision.EXPLICIT_DENY, Policies.decide(p, "ecs:RunTask", TASK_DEF, Policies.key("aws:SecureTransport", "false")));
  }

  @Test
  void allowWithNotActionGrantsEveryOtherAction() {
    PolicyDocument p = policy("{'Effect':'Allow','NotAction':['ecs:Delete*','ecs:DeregisterContainerInstance'],'Resource':'*'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:RunTask", TASK_DEF));
    assertEquals(Decision.ALLOW, decide(p, "iam:CreateUser", "*"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DeleteService", TASK_DEF));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:deregistercontainerinstance", CLUSTER_PROD));
  }

  @Test
  void denyWithNotActionDeniesEverythingOutsideTheList() {
    PolicyDocument p = policy("[{'Effect':'Allow','Action':'*','Resource':'*'},"
        + "{'Effect':'Deny','NotAction':['ecs:Describe*','ecs:List*'],'Resource':'*'}]");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DescribeTasks", TASK_DEF));
    assertEquals(Decision.ALLOW, decide(p, "ecs:ListClusters", "*"));
    assertEquals(Decision.EXPLICIT_DENY, decide(p, "ecs:RunTask", TASK_DEF));
  }

  @Test
  void notResourceAppliesToEveryOtherResource() {
    PolicyDocument p = policy("[{'Effect':'Allow','Action':'ecs:*','Resource':'*'},"
        + "{'Effect':'Deny','Action':'ecs:DeleteCluster','NotResource':'arn:aws:ecs:*:*:cluster/sandbox-*'}]");
    assertEquals(Decision.EXPLICIT_DENY, decide(p, "ecs:DeleteCluster", CLUSTER_PROD));
    assertEquals(Decision.ALLOW, decide(p, "ecs:DeleteCluster", "arn:aws:ecs:us-east-1:123456789012:cluster/sandbox-1"));
  }

  @Test
  void allowWithNotResourceGrantsEveryOtherResource() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:StopTask','NotResource':'arn:aws:ecs:*:*:task/prod/*'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:StopTask", "arn:aws:ecs:us-east-1:123456789012:task/dev/abc"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:StopTask", "arn:aws:ecs:us-east-1:123456789012:task/prod/abc"));
  }

  @Test
  void actionsMatchIgnoringCaseWithWildcards() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':['ECS:describe*','ecs:?topTask'],'Resource':'*'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DescribeTasks", "*"));
    assertEquals(Decision.ALLOW, decide(p, "Ecs:DESCRIBECLUSTERS", "*"));
    assertEquals(Decision.ALLOW, decide(p, "ecs:StopTask", "*"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:StartTask", "*"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:ListTasks", "*"));
  }

  @Test
  void questionMarkMatchesExactlyOneCharacter() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:RunTas?','Resource':'*'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:RunTask", "*"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:RunTas", "*"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:RunTasks", "*"));
  }

  @Test
  void resourcesMatchCaseSensitively() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:*','Resource':'" + CLUSTER_PROD + "'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DescribeClusters", CLUSTER_PROD));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DescribeClusters", CLUSTER_PROD.replace("prod", "Prod")));
  }

  @Test
  void resourceWildcardsSpanColonsAndSlashes() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:*','Resource':'arn:aws:ecs:*:task/prod/*'}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:StopTask", "arn:aws:ecs:us-east-1:123456789012:task/prod/0abc"));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:StopTask", "arn:aws:ecs:us-east-1:123456789012:task/dev/0abc"));
    PolicyDocument q = policy("{'Effect':'Allow','Action':'ecs:*','Resource':'arn:aws:ecs:us-east-?:123456789012:cluster/*'}");
    assertEquals(Decision.ALLOW, decide(q, "ecs:DescribeClusters", "arn:aws:ecs:us-east-2:123456789012:cluster/a/b"));
    assertEquals(Decision.IMPLICIT_DENY, decide(q, "ecs:DescribeClusters", "arn:aws:ecs:us-west-2:123456789012:cluster/a"));
  }

  @Test
  void anActionWithoutResourceLevelPermissionsNeedsAStarResource() {
    PolicyDocument scoped = policy("{'Effect':'Allow','Action':'ecs:ListClusters','Resource':'arn:aws:ecs:*:*:cluster/*'}");
    PolicyDocument star = policy("{'Effect':'Allow','Action':'ecs:ListClusters','Resource':'*'}");
    assertEquals(Decision.IMPLICIT_DENY, decide(scoped, "ecs:ListClusters", "*"));
    assertEquals(Decision.ALLOW, decide(star, "ecs:ListClusters", "*"));
  }

  @Test
  void aStatementWithAResourceListMatchesAnyOfThem() {
    PolicyDocument p = policy("{'Effect':'Allow','Action':'ecs:DescribeClusters','Resource':["
        + "'arn:aws:ecs:us-east-1:123456789012:cluster/a','" + CLUSTER_PROD + "']}");
    assertEquals(Decision.ALLOW, decide(p, "ecs:DescribeClusters", CLUSTER_PROD));
    assertEquals(Decision.IMPLICIT_DENY, decide(p, "ecs:DescribeClusters", CLUSTER_PROD + "2"));
  }
}
