package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.holds;
import static dev.berth.auth.policy.Policies.key;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BoolAndNullConditionsTest {

  @Test
  void boolComparesIgnoringCase() {
    assertTrue(holds("{'Bool':{'aws:SecureTransport':'true'}}", key("aws:SecureTransport", "true")));
    assertTrue(holds("{'Bool':{'aws:SecureTransport':true}}", key("aws:SecureTransport", "TRUE")));
    assertFalse(holds("{'Bool':{'aws:SecureTransport':'true'}}", key("aws:SecureTransport", "false")));
    assertTrue(holds("{'Bool':{'aws:SecureTransport':'False'}}", key("aws:SecureTransport", "false")));
  }

  @Test
  void boolOnAnAbsentKeyIsFalse() {
    assertFalse(holds("{'Bool':{'aws:MultiFactorAuthPresent':'false'}}", Map.of()));
    assertTrue(holds("{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}", Map.of()));
  }

  @Test
  void nullTrueHoldsWhenTheKeyIsAbsent() {
    String c = "{'Null':{'aws:ResourceTag/env':'true'}}";
    assertTrue(holds(c, Map.of()));
    assertFalse(holds(c, key("aws:ResourceTag/env", "prod")));
  }

  @Test
  void nullFalseHoldsWhenTheKeyIsPresent() {
    String c = "{'Null':{'aws:RequestTag/owner':'false'}}";
    assertTrue(holds(c, key("aws:RequestTag/owner", "alice")));
    assertFalse(holds(c, Map.of()));
  }

  @Test
  void aKeyWithNoValuesCountsAsAbsent() {
    assertTrue(holds("{'Null':{'aws:TagKeys':'true'}}", key("aws:TagKeys")));
  }
}
