package dev.berth.scheduler;

/**
 * A placement strategy or constraint that ECS does not have, with ECS's message for it. The API
 * edge answers it as an InvalidParameterException; the scheduler itself only ever sees parsed values.
 */
public final class InvalidPlacementException extends IllegalArgumentException {
  public InvalidPlacementException(String message) {
    super(message);
  }
}
