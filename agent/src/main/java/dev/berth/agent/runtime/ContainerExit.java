package dev.berth.agent.runtime;

/**
 * How a container ended: its exit code (128 + the signal when a signal ended it; null when the
 * runtime cannot tell) and a reason when there is more to say than the code.
 */
public record ContainerExit(Integer exitCode, String reason) {}
