package dev.berth.agent.runtime;

/**
 * A container as the runtime sees it now.
 *
 * @param exitCode null while it runs (and when the runtime cannot tell)
 * @param health HEALTHY, UNHEALTHY or UNKNOWN (no health check, or none has passed or failed yet)
 * @param healthMessage the last health check's output, or null
 */
public record ContainerState(boolean running, Integer exitCode, String health, String healthMessage) {
  public static final String HEALTHY = "HEALTHY";
  public static final String UNHEALTHY = "UNHEALTHY";
  public static final String UNKNOWN = "UNKNOWN";
}
