package dev.berth.agent.runtime;

/**
 * A container could not be started. The message is what the control plane is told, prefixed with
 * the ECS agent's error names ({@code CannotPullContainerError}, {@code CannotStartContainerError},
 * ...) so that users recognise it.
 */
public final class ContainerStartException extends Exception {
  public ContainerStartException(String message) {
    super(message);
  }

  public ContainerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
