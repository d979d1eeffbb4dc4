package dev.berth.scheduler.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code registeredAt} compared with a date or a timestamp. A timestamp compares instants (no offset
 * means UTC). A bare date compares whole UTC days, so {@code registeredAt == 2018-06-18} holds for
 * anything registered that day and {@code registeredAt > 2018-06-18} only from the next day on.
 */
final class RegisteredAtCondition extends Condition {
  private static final long SECONDS_PER_DAY = 86_400;

  private final Instant instant;
  private final long epochDay;

  private RegisteredAtCondition(String subject, Operator operator, String argument, Instant instant, long epochDay) {
    super(subject, operator, List.of(argument));
    this.instant = instant;
    this.epochDay = epochDay;
  }

  /** Accepts {@code 2018-06-18}, {@code 2018-06-18T22:28:28}, {@code ...Z} and {@code ...+00:00}. */
  static RegisteredAtCondition of(String subject, Operator operator, Literal argument) {
    String text = argument.text();
    try {
      if (text.indexOf('T') < 0) {
        return new RegisteredAtCondition(subject, operator, text, null, LocalDate.parse(text).toEpochDay());
      }
      Instant at = hasOffset(text) ? OffsetDateTime.parse(text).toInstant()
          : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      return new RegisteredAtCondition(subject, operator, text, at, 0);
    } catch (DateTimeParseException e) {
      throw QueryParser.error(argument.index(),
          "expected a date (yyyy-MM-dd) or an ISO-8601 timestamp for '" + subject + "', found '" + text + "'");
    }
  }

  private static boolean hasOffset(String text) {
    int time = text.indexOf('T');
    return text.endsWith("Z") || text.indexOf('+', time) >= 0 || text.indexOf('-', time) >= 0;
  }

  @Override
  boolean holds(Subject subject) {
    Instant registeredAt = subject.registeredAt();
    if (registeredAt == null) {
      return false;
    }
    int comparison = instant != null ? registeredAt.compareTo(instant)
        : Long.compare(Math.floorDiv(registeredAt.getEpochSecond(), SECONDS_PER_DAY), epochDay);
    return positive.accepts(comparison);
  }
}
