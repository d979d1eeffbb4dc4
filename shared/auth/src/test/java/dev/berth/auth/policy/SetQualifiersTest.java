package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.holds;
import static dev.berth.auth.policy.Policies.key;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ForAnyValue and ForAllValues on multivalued keys: aws:TagKeys, ecs:container-instances. */
class SetQualifiersTest {

  private static final String ONLY_ALLOWED_TAGS = "{'ForAllValues:StringEquals':{'aws:TagKeys':['env','team']}}";
  private static final String ANY_FORBIDDEN_TAG = "{'ForAnyValue:StringEquals':{'aws:TagKeys':['owner','cost']}}";

  @Test
  void forAllValuesHoldsWhenEveryRequestValueMatches() {
    assertTrue(holds(ONLY_ALLOWED_TAGS, key("aws:TagKeys", "env")));
    assertTrue(holds(ONLY_ALLOWED_TAGS, key("aws:TagKeys", "env", "team")));
    assertFalse(holds(ONLY_ALLOWED_TAGS, key("aws:TagKeys", "env", "owner")));
  }

  @Test
  void forAllValuesHoldsOnAnAbsentOrEmptyKey() {
    assertTrue(holds(ONLY_ALLOWED_TAGS, Map.of()));
    assertTrue(holds(ONLY_ALLOWED_TAGS, key("aws:TagKeys")));
  }

  @Test
  void forAnyValueHoldsWhenSomeRequestValueMatches() {
    assertTrue(holds(ANY_FORBIDDEN_TAG, key("aws:TagKeys", "env", "cost")));
    assertFalse(holds(ANY_FORBIDDEN_TAG, key("aws:TagKeys", "env", "team")));
  }

  @Test
  void forAnyValueIsFalseOnAnAbsentKeyUnlessIfExists() {
    assertFalse(holds(ANY_FORBIDDEN_TAG, Map.of()));
    assertFalse(holds(ANY_FORBIDDEN_TAG, key("aws:TagKeys")));
    assertTrue(holds("{'ForAnyValue:StringEqualsIfExists':{'aws:TagKeys':'owner'}}", Map.of()));
  }

  @Test
  void forAllValuesWithANegatedOperatorMeansNoneOfTheValues() {
    String c = "{'ForAllValues:StringNotEquals':{'aws:TagKeys':['owner','cost']}}";
    assertTrue(holds(c, key("aws:TagKeys", "env", "team")));
    assertFalse(holds(c, key("aws:TagKeys", "env", "owner")));
  }

  @Test
  void forAnyValueWithANegatedOperatorMeansSomeValueOutsideTheList() {
    String c = "{'ForAnyValue:StringNotLike':{'aws:TagKeys':['env','team']}}";
    assertTrue(holds(c, key("aws:TagKeys", "env", "owner")));
    assertFalse(holds(c, key("aws:TagKeys", "env", "team")));
  }

  @Test
  void forAllValuesWithArnLikeOnContainerInstances() {
    String c = "{'ForAllValues:ArnLike':{'ecs:container-instances':"
        + "'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/*'}}";
    assertTrue(holds(c, key("ecs:container-instances",
        "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/a1",
        "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/b2")));
    assertFalse(holds(c, key("ecs:container-instances",
        "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/a1",
        "arn:aws:ecs:us-east-1:123456789012:container-instance/dev/c3")));
  }

  @Test
  void withoutAQualifierAMultivaluedKeyMatchesWhenAnyValueDoes() {
    assertTrue(holds("{'StringEquals':{'aws:TagKeys':'env'}}", key("aws:TagKeys", "team", "env")));
    // ...and a negated operator fails as soon as one value is named.
    assertFalse(holds("{'StringNotEquals':{'aws:TagKeys':'env'}}", key("aws:TagKeys", "team", "env")));
    assertTrue(holds("{'StringNotEquals':{'aws:TagKeys':'env'}}", key("aws:TagKeys", "team", "owner")));
  }
}
