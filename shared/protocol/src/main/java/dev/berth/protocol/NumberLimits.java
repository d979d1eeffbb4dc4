package dev.berth.protocol;

import java.util.Map;

/**
 * Ranges for integer members that ECS bounds but its published model does not: ports are 0-65535,
 * and counts, sizes and durations are never negative. Finer rules (RunTask's count of 1-10, memory
 * above a reservation) stay with the operations, which answer them with ECS's own messages.
 */
public final class NumberLimits {
  public record Range(long min, long max) {}

  private static final Range PORT = new Range(0, 65_535);
  private static final Range NON_NEGATIVE = new Range(0, Long.MAX_VALUE);

  private static final Map<String, Range> BY_MEMBER = Map.ofEntries(
      Map.entry("containerPort", PORT),
      Map.entry("hostPort", PORT),
      Map.entry("healthCheckGracePeriodSeconds", NON_NEGATIVE),
      Map.entry("desiredCount", NON_NEGATIVE),
      Map.entry("count", NON_NEGATIVE),
      Map.entry("cpu", NON_NEGATIVE),
      Map.entry("memory", NON_NEGATIVE),
      Map.entry("memoryReservation", NON_NEGATIVE),
      Map.entry("maxResults", NON_NEGATIVE),
      Map.entry("maximumPercent", NON_NEGATIVE),
      Map.entry("minimumHealthyPercent", NON_NEGATIVE),
      Map.entry("startTimeout", NON_NEGATIVE),
      Map.entry("stopTimeout", NON_NEGATIVE),
      Map.entry("sharedMemorySize", NON_NEGATIVE),
      Map.entry("integerValue", NON_NEGATIVE),
      Map.entry("longValue", NON_NEGATIVE));

  private NumberLimits() {}

  /** The range for an integer member of this name, or null when only the model's bounds apply. */
  public static Range of(String member) {
    return member == null ? null : BY_MEMBER.get(member);
  }
}
