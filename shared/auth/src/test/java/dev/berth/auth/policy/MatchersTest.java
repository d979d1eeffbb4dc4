package dev.berth.auth.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The building blocks: wildcard patterns, address and date parsing. */
class MatchersTest {

  @Test
  void wildcardPatterns() {
    assertTrue(WildcardPattern.compile("*").matches(""));
    assertTrue(WildcardPattern.compile("a*b*c").matches("aXbYc"));
    assertTrue(WildcardPattern.compile("a*b*c").matches("abc"));
    assertFalse(WildcardPattern.compile("a*b*c").matches("aXbY"));
    assertTrue(WildcardPattern.compile("**a").matches("a"));
    assertTrue(WildcardPattern.compile("*a*a*a*").matches("xaxaxa"));
    assertFalse(WildcardPattern.compile("*a*a*a*b").matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assertTrue(WildcardPattern.compile("?").matches("x"));
    assertFalse(WildcardPattern.compile("?").matches(""));
    assertTrue(WildcardPattern.compile("").matches(""));
    assertFalse(WildcardPattern.compile("").matches("x"));
  }

  @Test
  void ipv4Parsing() {
    assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, IpAddresses.parse("192.0.2.1").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.0.2", "192.0.2.256", "192.0.2.01", "1.2.3.4.5", "a.b.c.d", "", "localhost",
      "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "1:2:3:4:5:6:7", "1.2.3.4::", "fe80::1%eth0"})
  void invalidAddresses(String text) {
    assertEquals(Optional.empty(), IpAddresses.parse(text));
  }

  @Test
  void ipv6Parsing() {
    byte[] loopback = new byte[16];
    loopback[15] = 1;
    assertArrayEquals(loopback, IpAddresses.parse("::1").orElseThrow());
    assertArrayEquals(new byte[16], IpAddresses.parse("::").orElseThrow());
    byte[] mapped = IpAddresses.parse("::ffff:192.0.2.1").orElseThrow();
    assertEquals((byte) 0xff, mapped[10]);
    assertEquals((byte) 192, mapped[12]);
    assertEquals(1, mapped[15]);
    assertArrayEquals(IpAddresses.parse("2001:db8:0:0:0:0:0:1").orElseThrow(), IpAddresses.parse("2001:db8::1").orElseThrow());
  }

  @Test
  void cidrRanges() {
    Cidr range = Cidr.parse("203.0.113.77/24").orElseThrow();
    assertTrue(range.contains(IpAddresses.parse("203.0.113.1").orElseThrow()));
    assertFalse(range.contains(IpAddresses.parse("::ffff:203.0.113.1").orElseThrow()));
    assertEquals(Optional.empty(), Cidr.parse("10.0.0.0/"));
    assertEquals(Optional.empty(), Cidr.parse("2001:db8::/129"));
  }

  @Test
  void dates() {
    Instant midnight = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(Optional.of(midnight), PolicyDates.parse("2026-01-01T00:00:00Z"));
    assertEquals(Optional.of(midnight), PolicyDates.parse("2026-01-01"));
    assertEquals(Optional.of(midnight), PolicyDates.parse("2026-01-01T00:00"));
    assertEquals(Optional.of(midnight), PolicyDates.parse("2025-12-31T19:00:00-05:00"));
    assertEquals(Optional.of(midnight), PolicyDates.parse("1767225600"));
    assertEquals(Optional.of(midnight.plusMillis(500)), PolicyDates.parse("1767225600.5"));
    assertEquals(Optional.of(midnight.plusMillis(250)), PolicyDates.parse("2026-01-01T00:00:00.250Z"));
    assertEquals(Optional.empty(), PolicyDates.parse("1/1/2026"));
    assertEquals(Optional.empty(), PolicyDates.parse("."));
  }
}
