package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.holds;
import static dev.berth.auth.policy.Policies.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NumericAndDateConditionsTest {

  @ParameterizedTest(name = "{0} {1}: 256 -> {2}, 512 -> {3}, 1024 -> {4}")
  @CsvSource({
      "NumericEquals,            512, false, true,  false",
      "NumericNotEquals,         512, true,  false, true",
      "NumericLessThan,          512, true,  false, false",
      "NumericLessThanEquals,    512, true,  true,  false",
      "NumericGreaterThan,       512, false, false, true",
      "NumericGreaterThanEquals, 512, false, true,  true",
      "NumericEquals,          512.0, false, true,  false",
  })
  void numericOperators(String operator, String value, boolean at256, boolean at512, boolean at1024) {
    String c = "{'" + operator + "':{'ecs:task-cpu':'" + value + "'}}";
    assertEquals(at256, holds(c, key("ecs:task-cpu", "256")));
    assertEquals(at512, holds(c, key("ecs:task-cpu", "512")));
    assertEquals(at1024, holds(c, key("ecs:task-cpu", "1024")));
  }

  @Test
  void numericComparesNumbersNotText() {
    assertTrue(holds("{'NumericLessThan':{'ecs:task-memory':'1000'}}", key("ecs:task-memory", "999.5")));
    assertFalse(holds("{'NumericLessThan':{'ecs:task-memory':'1000'}}", key("ecs:task-memory", "10000")));
  }

  @Test
  void aRequestValueThatIsNotANumberMatchesNothing() {
    assertFalse(holds("{'NumericLessThan':{'ecs:task-cpu':'1024'}}", key("ecs:task-cpu", "small")));
    assertFalse(holds("{'NumericGreaterThan':{'ecs:task-cpu':'1024'}}", key("ecs:task-cpu", "small")));
  }

  @ParameterizedTest(name = "{0}: before -> {1}, at -> {2}, after -> {3}")
  @CsvSource({
      "DateEquals,            false, true,  false",
      "DateNotEquals,         true,  false, true",
      "DateLessThan,          true,  false, false",
      "DateLessThanEquals,    true,  true,  false",
      "DateGreaterThan,       false, false, true",
      "DateGreaterThanEquals, false, true,  true",
  })
  void dateOperatorsOnCurrentTime(String operator, boolean before, boolean at, boolean after) {
    String c = "{'" + operator + "':{'aws:CurrentTime':'2026-03-01T12:00:00Z'}}";
    assertEquals(before, holds(c, key("aws:CurrentTime", "2026-03-01T11:59:59Z")));
    assertEquals(at, holds(c, key("aws:CurrentTime", "2026-03-01T12:00:00Z")));
    assertEquals(after, holds(c, key("aws:CurrentTime", "2026-03-01T12:00:01Z")));
  }

  @Test
  void aTimeBoxedGrant() {
    String c = "{'DateGreaterThan':{'aws:CurrentTime':'2026-01-01T00:00:00Z'},"
        + "'DateLessThan':{'aws:CurrentTime':'2026-02-01T00:00:00Z'}}";
    assertTrue(holds(c, key("aws:CurrentTime", "2026-01-15T08:30:00Z")));
    assertFalse(holds(c, key("aws:CurrentTime", "2026-02-01T00:00:00Z")));
    assertFalse(holds(c, key("aws:CurrentTime", "2025-12-31T23:59:59Z")));
  }

  @Test
  void datesMayBeEpochSecondsOnEitherSide() {
    // 1767225600 is 2026-01-01T00:00:00Z.
    assertTrue(holds("{'DateEquals':{'aws:EpochTime':'2026-01-01T00:00:00Z'}}", key("aws:EpochTime", "1767225600")));
    assertTrue(holds("{'DateLessThan':{'aws:CurrentTime':'1767225600'}}", key("aws:CurrentTime", "2025-12-31T23:00:00Z")));
    assertTrue(holds("{'DateEquals':{'aws:CurrentTime':1767225600}}", key("aws:CurrentTime", "2026-01-01")));
  }

  @Test
  void offsetsAreHonoured() {
    assertTrue(holds("{'DateEquals':{'aws:CurrentTime':'2026-01-01T01:00:00+01:00'}}",
        key("aws:CurrentTime", "2026-01-01T00:00:00Z")));
  }

  @Test
  void aRequestValueThatIsNotADateMatchesNothing() {
    assertFalse(holds("{'DateLessThan':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}", key("aws:CurrentTime", "soon")));
  }
}
