package dev.berth.agent.report;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter, as the ECS agent retries: {@code min} growing by
 * {@code multiplier} per attempt up to {@code max}, each delay moved by up to {@code jitter} of
 * itself in either direction (so agents that failed together do not retry together).
 */
public final class Backoff {
  private final Duration min;
  private final Duration max;
  private final double multiplier;
  private final double jitter;
  private final RandomGenerator random;

  public Backoff(Duration min, Duration max, double multiplier, double jitter, RandomGenerator random) {
    this.min = min;
    this.max = max;
    this.multiplier = multiplier;
    this.jitter = jitter;
    this.random = random;
  }

  /** State-change reports: 1 s growing by 1.3 to 30 s. */
  public static Backoff reports(RandomGenerator random) {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 1.3, 0.2, random);
  }

  /** Registration: 3 s doubling to 192 s. */
  public static Backoff registration(RandomGenerator random) {
    return new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(192), 2, 0.2, random);
  }

  /** The delay before retry number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt) {
    double base = Math.min(max.toMillis(), min.toMillis() * Math.pow(multiplier, Math.min(attempt, 64)));
    double jittered = base * (1 + jitter * (2 * random.nextDouble() - 1));
    return Duration.ofMillis(Math.round(Math.min(max.toMillis(), Math.max(min.toMillis(), jittered))));
  }
}
