package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.holds;
import static dev.berth.auth.policy.Policies.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What a condition says when the request does not carry its key. */
class MissingKeysTest {

  @ParameterizedTest(name = "{0} on an absent key -> {2}")
  @CsvSource({
      "StringEquals,              prod,                                   false",
      "StringEqualsIgnoreCase,    prod,                                   false",
      "StringLike,                prod*,                                  false",
      "ArnLike,                   arn:aws:ecs:*:*:cluster/prod,           false",
      "ArnEquals,                 arn:aws:ecs:*:*:cluster/prod,           false",
      "NumericLessThan,           10,                                     false",
      "DateLessThan,              2026-01-01,                             false",
      "Bool,                      true,                                   false",
      "IpAddress,                 10.0.0.0/8,                             false",
      // IAM: a negated operator whose key is absent evaluates to true.
      "StringNotEquals,           prod,                                   true",
      "StringNotEqualsIgnoreCase, prod,                                   true",
      "StringNotLike,             prod*,                                  true",
      "ArnNotLike,                arn:aws:ecs:*:*:cluster/prod,           true",
      "ArnNotEquals,              arn:aws:ecs:*:*:cluster/prod,           true",
      "NumericNotEquals,          10,                                     true",
      "DateNotEquals,             2026-01-01,                             true",
      "NotIpAddress,              10.0.0.0/8,                             true",
  })
  void absentKeys(String operator, String value, boolean expected) {
    assertEquals(expected, holds("{'" + operator + "':{'ecs:some-key':'" + value + "'}}", Map.of()));
  }

  @ParameterizedTest(name = "{0}IfExists on an absent key is true")
  @CsvSource({
      "StringEquals, prod", "StringLike, prod*", "ArnLike, arn:aws:ecs:*:*:cluster/prod",
      "NumericLessThan, 10", "DateLessThan, 2026-01-01", "Bool, true", "IpAddress, 10.0.0.0/8",
      "StringNotEquals, prod",
  })
  void ifExistsIsTrueOnAnAbsentKey(String operator, String value) {
    assertTrue(holds("{'" + operator + "IfExists':{'ecs:some-key':'" + value + "'}}", Map.of()));
  }

  @Test
  void ifExistsStillChecksAPresentKey() {
    String c = "{'StringEqualsIfExists':{'aws:ResourceTag/env':'dev'}}";
    assertTrue(holds(c, key("aws:ResourceTag/env", "dev")));
    assertFalse(holds(c, key("aws:ResourceTag/env", "prod")));
    String n = "{'NumericLessThanEqualsIfExists':{'ecs:task-cpu':'1024'}}";
    assertTrue(holds(n, key("ecs:task-cpu", "512")));
    assertFalse(holds(n, key("ecs:task-cpu", "2048")));
    String ip = "{'IpAddressIfExists':{'aws:SourceIp':'10.0.0.0/8'}}";
    assertFalse(holds(ip, key("aws:SourceIp", "192.0.2.1")));
  }

  @Test
  void anotherKeyBeingPresentDoesNotCount() {
    assertFalse(holds("{'StringEquals':{'aws:ResourceTag/env':'prod'}}", key("aws:ResourceTag/team", "prod")));
  }
}
