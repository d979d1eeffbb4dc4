package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.holds;
import static dev.berth.auth.policy.Policies.key;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArnConditionsTest {

  private static final String PROD_CLUSTERS =
      "{'ArnLike':{'ecs:cluster':'arn:aws:ecs:us-east-1:123456789012:cluster/prod*'}}";

  @Test
  void arnLikeMatchesClusterPrefixes() {
    assertTrue(holds(PROD_CLUSTERS, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/prod")));
    assertTrue(holds(PROD_CLUSTERS, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/prod-eu")));
    assertFalse(holds(PROD_CLUSTERS, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/dev")));
    assertFalse(holds(PROD_CLUSTERS, key("ecs:cluster", "arn:aws:ecs:us-east-1:210987654321:cluster/prod")));
  }

  @Test
  void arnLikeIsCaseSensitive() {
    assertFalse(holds(PROD_CLUSTERS, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/Prod")));
    assertFalse(holds(PROD_CLUSTERS, key("ecs:cluster", "arn:aws:ECS:us-east-1:123456789012:cluster/prod")));
  }

  @Test
  void aWildcardStaysInsideItsComponent() {
    String c = "{'ArnLike':{'ecs:cluster':'arn:aws:ecs:*:123456789012:cluster/prod'}}";
    assertTrue(holds(c, key("ecs:cluster", "arn:aws:ecs:eu-west-1:123456789012:cluster/prod")));
    // As a plain string pattern, '*' would swallow "us-east-1:999" and the account check with it.
    assertFalse(holds(c, key("ecs:cluster", "arn:aws:ecs:us-east-1:999:123456789012:cluster/prod")));
    assertTrue(holds("{'StringLike':{'ecs:cluster':'arn:aws:ecs:*:123456789012:cluster/prod'}}",
        key("ecs:cluster", "arn:aws:ecs:us-east-1:999:123456789012:cluster/prod")));
  }

  @Test
  void theResourceComponentMayContainColonsAndSlashes() {
    String c = "{'ArnLike':{'ecs:task-definition':'arn:aws:ecs:*:*:task-definition/web:*'}}";
    assertTrue(holds(c, key("ecs:task-definition", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:12")));
    assertFalse(holds(c, key("ecs:task-definition", "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1")));
  }

  @Test
  void arnEqualsBehavesLikeArnLike() {
    String c = "{'ArnEquals':{'ecs:cluster':'arn:aws:ecs:us-east-1:123456789012:cluster/prod*'}}";
    assertTrue(holds(c, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/prod-2")));
    String exact = "{'ArnEquals':{'ecs:cluster':'arn:aws:ecs:us-east-1:123456789012:cluster/prod'}}";
    assertTrue(holds(exact, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/prod")));
    assertFalse(holds(exact, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/prod-2")));
  }

  @Test
  void aRequestValueThatIsNotAnArnMatchesNothing() {
    assertFalse(holds(PROD_CLUSTERS, key("ecs:cluster", "prod")));
    assertFalse(holds(PROD_CLUSTERS, key("ecs:cluster", "arn:aws:ecs:us-east-1:cluster/prod")));
  }

  @Test
  void arnNotLikeAndArnNotEquals() {
    String c = "{'ArnNotLike':{'ecs:cluster':'arn:aws:ecs:*:*:cluster/prod*'}}";
    assertTrue(holds(c, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/dev")));
    assertFalse(holds(c, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/prod-1")));
    String e = "{'ArnNotEquals':{'ecs:cluster':'arn:aws:ecs:us-east-1:123456789012:cluster/prod'}}";
    assertTrue(holds(e, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/dev")));
    assertFalse(holds(e, key("ecs:cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/prod")));
  }
}
