package dev.berth.auth.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Dates as IAM conditions write them: ISO-8601 ({@code 2026-01-31T12:00:00Z}, with an offset,
 * with or without seconds and fractions, a date alone meaning midnight UTC, a date-time without a
 * zone meaning UTC) or epoch seconds ({@code aws:EpochTime}), possibly with a fraction.
 */
final class PolicyDates {

  private PolicyDates() {}

  static Optional<Instant> parse(String raw) {
    String text = raw.trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (isEpochSeconds(text)) {
      return epochSeconds(text);
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException notOffset) {
      // fall through to the zone-less forms
    }
    try {
      return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException notLocal) {
      // fall through
    }
    try {
      return Optional.of(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException notDate) {
      return Optional.empty();
    }
  }

  private static boolean isEpochSeconds(String text) {
    return text.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-')
        && text.indexOf('-', 1) < 0;
  }

  private static Optional<Instant> epochSeconds(String text) {
    try {
      BigDecimal seconds = new BigDecimal(text);
      long whole = seconds.longValue();
      long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
      return Optional.of(Instant.ofEpochSecond(whole, nanos));
    } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
