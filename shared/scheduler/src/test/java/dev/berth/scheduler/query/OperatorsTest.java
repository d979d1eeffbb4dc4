package dev.berth.scheduler.query;

import static dev.berth.scheduler.query.TestInstance.instance;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every operator, by symbol and by word, on attributes. */
class OperatorsTest {
  private static final TestInstance T2_SMALL =
      instance().attribute("ecs.instance-type", "t2.small").attribute("cores", "10");

  private static boolean holds(String query) {
    return QueryParser.parse(query).matches(T2_SMALL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"==", "equals"})
  void equals(String op) {
    assertTrue(holds("attribute:ecs.instance-type " + op + " t2.small"));
    assertFalse(holds("attribute:ecs.instance-type " + op + " t2.micro"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"!=", "not_equals"})
  void notEquals(String op) {
    assertTrue(holds("attribute:ecs.instance-type " + op + " t2.micro"));
    assertFalse(holds("attribute:ecs.instance-type " + op + " t2.small"));
  }

  @ParameterizedTest
  @ValueSource(strings = {">", "greater_than"})
  void greaterThan(String op) {
    assertTrue(holds("attribute:cores " + op + " 9"));
    assertFalse(holds("attribute:cores " + op + " 10"));
  }

  @ParameterizedTest
  @ValueSource(strings = {">=", "greater_than_equal"})
  void greaterThanEqual(String op) {
    assertTrue(holds("attribute:cores " + op + " 10"));
    assertFalse(holds("attribute:cores " + op + " 11"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<", "less_than"})
  void lessThan(String op) {
    assertTrue(holds("attribute:cores " + op + " 11"));
    assertFalse(holds("attribute:cores " + op + " 10"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<=", "less_than_equal"})
  void lessThanEqual(String op) {
    assertTrue(holds("attribute:cores " + op + " 10"));
    assertFalse(holds("attribute:cores " + op + " 9"));
  }

  @Test
  void exists() {
    assertTrue(holds("attribute:cores exists"));
    assertFalse(holds("attribute:stack exists"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"!exists", "not_exists"})
  void notExists(String op) {
    assertTrue(holds("attribute:stack " + op));
    assertFalse(holds("attribute:cores " + op));
  }

  @Test
  void in() {
    assertTrue(holds("attribute:ecs.instance-type in [t2.micro, t2.small]"));
    assertFalse(holds("attribute:ecs.instance-type in [t2.micro, t2.medium]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"!in", "not_in"})
  void notIn(String op) {
    assertTrue(holds("attribute:ecs.instance-type " + op + " [t2.micro, t2.medium]"));
    assertFalse(holds("attribute:ecs.instance-type " + op + " [t2.micro, t2.small]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"=~", "matches"})
  void matches(String op) {
    assertTrue(holds("attribute:ecs.instance-type " + op + " t2.*"));
    assertFalse(holds("attribute:ecs.instance-type " + op + " g2.*"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"!~", "not_matches"})
  void notMatches(String op) {
    assertTrue(holds("attribute:ecs.instance-type " + op + " g2.*"));
    assertFalse(holds("attribute:ecs.instance-type " + op + " t2.*"));
  }

  @Test
  void regexMustMatchTheWholeValue() {
    assertFalse(holds("attribute:ecs.instance-type =~ t2"));
    assertFalse(holds("attribute:ecs.instance-type =~ small"));
    assertTrue(holds("attribute:ecs.instance-type =~ .*small"));
  }

  @Test
  void operatorsNeedNoSurroundingSpaces() {
    assertTrue(holds("attribute:cores>=10"));
    assertTrue(holds("attribute:ecs.instance-type==t2.small"));
    assertTrue(holds("attribute:ecs.instance-type!in[t2.micro]"));
  }
}
