package dev.berth.scheduler.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ComparisonsTest {

  @ParameterizedTest
  @ValueSource(strings = {"0", "42", "-7", "+7", "3.25", "007", "123456789012345678901234"})
  void numbers(String s) {
    assertTrue(Comparisons.isNumber(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "1.", ".5", "1e3", "1.2.3", "0x10", "12a", " 1"})
  void notNumbers(String s) {
    assertFalse(Comparisons.isNumber(s));
  }

  @ParameterizedTest
  @CsvSource({
      "1.15.0, 1.15.0, 0",
      "1.15, 1.15.0, 0",
      "1.15.0.0, 1.15, 0",
      "1.9.9, 1.15.0, -1",
      "1.20.1, 1.15.0, 1",
      "2, 1.99.99, 1",
      "1.010, 1.9, 1",
      "1.15.1, 1.15, 1",
      "10.0.0, 9.99.99, 1",
  })
  void versions(String a, String b, int expected) {
    assertEquals(expected, Integer.signum(Comparisons.compareVersions(a, b)));
    assertEquals(-expected, Integer.signum(Comparisons.compareVersions(b, a)));
  }

  @Test
  void versionSegmentsThatAreNotNumbersCompareAsText() {
    assertTrue(Comparisons.compareVersions("1.15.0-rc1", "1.15.0") > 0);
    assertTrue(Comparisons.compareVersions("1.a", "1.b") < 0);
  }

  @Test
  void numbersBeyondLongCompareExactly() {
    assertTrue(Comparisons.compareNumbers("9223372036854775808", "9223372036854775807") > 0);
    assertEquals(0, Comparisons.compareNumbers("1.50", "1.5"));
    assertTrue(Comparisons.compareNumbers("-2", "1") < 0);
  }

  @Test
  void textFallsBackToLexicographic() {
    assertTrue(Comparisons.compareText("b", "a", false) > 0);
    assertTrue(Comparisons.compareText("abc", "10", true) > 0);
    assertTrue(Comparisons.compareText("9", "10", true) < 0);
  }
}
