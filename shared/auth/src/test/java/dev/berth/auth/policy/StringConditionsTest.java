package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.holds;
import static dev.berth.auth.policy.Policies.key;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StringConditionsTest {

  @Test
  void stringEqualsIsExactAndCaseSensitive() {
    String c = "{'StringEquals':{'aws:ResourceTag/env':'prod'}}";
    assertTrue(holds(c, key("aws:ResourceTag/env", "prod")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "Prod")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "prod-1")));
  }

  @Test
  void stringEqualsTreatsWildcardsAsCharacters() {
    String c = "{'StringEquals':{'aws:ResourceTag/env':'pr*'}}";
    assertFalse(holds(c, key("aws:ResourceTag/env", "prod")));
    assertTrue(holds(c, key("aws:ResourceTag/env", "pr*")));
  }

  @Test
  void valuesForOneKeyAreOred() {
    String c = "{'StringEquals':{'aws:ResourceTag/env':['dev','test']}}";
    assertTrue(holds(c, key("aws:ResourceTag/env", "dev")));
    assertTrue(holds(c, key("aws:ResourceTag/env", "test")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "prod")));
  }

  @Test
  void stringNotEqualsHoldsWhenNoValueMatches() {
    String c = "{'StringNotEquals':{'aws:ResourceTag/env':['prod','staging']}}";
    assertTrue(holds(c, key("aws:ResourceTag/env", "dev")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "prod")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "staging")));
    assertTrue(holds(c, key("aws:ResourceTag/env", "PROD")));
  }

  @Test
  void stringEqualsIgnoreCase() {
    String c = "{'StringEqualsIgnoreCase':{'aws:PrincipalTag/team':'Platform'}}";
    assertTrue(holds(c, key("aws:PrincipalTag/team", "PLATFORM")));
    assertTrue(holds(c, key("aws:PrincipalTag/team", "platform")));
    assertFalse(holds(c, key("aws:PrincipalTag/team", "platforms")));
  }

  @Test
  void stringNotEqualsIgnoreCase() {
    String c = "{'StringNotEqualsIgnoreCase':{'aws:PrincipalTag/team':'Platform'}}";
    assertFalse(holds(c, key("aws:PrincipalTag/team", "pLaTfOrM")));
    assertTrue(holds(c, key("aws:PrincipalTag/team", "data")));
  }

  @Test
  void stringLikeUsesWildcardsCaseSensitively() {
    String c = "{'StringLike':{'aws:ResourceTag/env':['prod-*','qa-??']}}";
    assertTrue(holds(c, key("aws:ResourceTag/env", "prod-eu")));
    assertTrue(holds(c, key("aws:ResourceTag/env", "prod-")));
    assertTrue(holds(c, key("aws:ResourceTag/env", "qa-01")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "qa-1")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "Prod-eu")));
  }

  @Test
  void stringNotLike() {
    String c = "{'StringNotLike':{'aws:ResourceTag/env':'prod*'}}";
    assertTrue(holds(c, key("aws:ResourceTag/env", "dev")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "production")));
  }

  @Test
  void differentKeysAndDifferentOperatorsAreAnded() {
    String c = "{'StringEquals':{'aws:RequestTag/env':'dev','aws:RequestTag/team':'web'},"
        + "'StringLike':{'aws:username':'ci-*'}}";
    java.util.Map<String, java.util.List<String>> all = java.util.Map.of(
        "aws:RequestTag/env", java.util.List.of("dev"),
        "aws:RequestTag/team", java.util.List.of("web"),
        "aws:username", java.util.List.of("ci-runner"));
    assertTrue(holds(c, all));
    java.util.Map<String, java.util.List<String>> wrongUser = new java.util.HashMap<>(all);
    wrongUser.put("aws:username", java.util.List.of("alice"));
    assertFalse(holds(c, wrongUser));
    java.util.Map<String, java.util.List<String>> wrongTeam = new java.util.HashMap<>(all);
    wrongTeam.put("aws:RequestTag/team", java.util.List.of("db"));
    assertFalse(holds(c, wrongTeam));
  }

  @Test
  void conditionKeyNamesAreCaseInsensitive() {
    assertTrue(holds("{'StringEquals':{'AWS:RESOURCETAG/ENV':'prod'}}", key("aws:ResourceTag/env", "prod")));
    assertTrue(holds("{'StringEquals':{'aws:resourcetag/env':'prod'}}", key("AWS:ResourceTag/Env", "prod")));
  }

  @Test
  void resourceTagAndRequestTagConditions() {
    String c = "{'StringEquals':{'aws:ResourceTag/owner':'${aws:username}'}}";
    java.util.Map<String, java.util.List<String>> own = java.util.Map.of(
        "aws:ResourceTag/owner", java.util.List.of("alice"), "aws:username", java.util.List.of("alice"));
    java.util.Map<String, java.util.List<String>> other = java.util.Map.of(
        "aws:ResourceTag/owner", java.util.List.of("bob"), "aws:username", java.util.List.of("alice"));
    assertTrue(holds(c, own));
    assertFalse(holds(c, other));
    assertTrue(holds("{'StringEquals':{'aws:RequestTag/cost-center':['1234','5678']}}",
        key("aws:RequestTag/cost-center", "5678")));
  }
}
