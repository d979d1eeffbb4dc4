package dev.berth.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.model.Region;

/**
 * The one gate every request passes before its operation runs: strict parsing of the body, then
 * validation against the operation's input shape in the service model, then the refusal of the
 * members Berth does not implement ({@link RefusedMembers}). What it returns holds only
 * members the model knows, each of the type and within the bounds the model gives.
 */
public final class RequestValidator {
  private static final ShapeValidator ANY_REGION = new ShapeValidator(ServiceModel.get(), null);

  private RequestValidator() {}

  /**
   * Strictly parses a raw body and validates it; throws EcsException (4xx) for any bad input. ARNs
   * are not checked against a region here: the function that serves the operation does that.
   */
  public static ObjectNode validate(String operation, byte[] body) {
    ServiceModel.Shape input = input(operation);
    return refused(operation, ANY_REGION.structure(input, StrictJson.parse(body), ""));
  }

  /** The same, and every ECS ARN in the request must be of {@code home}'s partition, region and account. */
  public static ObjectNode validate(String operation, byte[] body, Region home) {
    ServiceModel.Shape input = input(operation);
    return refused(operation, new ShapeValidator(ServiceModel.get(), home).structure(input, StrictJson.parse(body), ""));
  }

  /** The same, for a body that arrived as text. */
  public static ObjectNode validate(String operation, String body, Region home) {
    ServiceModel.Shape input = input(operation);
    return refused(operation, new ShapeValidator(ServiceModel.get(), home).structure(input, StrictJson.parse(body), ""));
  }

  /** Validates an already parsed request (its strings are checked for lone surrogates too). */
  public static ObjectNode validate(String operation, ObjectNode request, Region home) {
    ServiceModel.Shape input = input(operation);
    StrictJson.requireWellFormedStrings(request, "");
    return refused(operation, new ShapeValidator(ServiceModel.get(), home).structure(input, request, ""));
  }

  /** The valid request, unless it sets a member Berth refuses ({@link RefusedMembers}). */
  private static ObjectNode refused(String operation, ObjectNode valid) {
    RefusedMembers.check(operation, valid);
    return valid;
  }

  /**
   * Validates a raw awsJson body against another service's model (CloudTrail's): the same checks,
   * InvalidParameterException and SerializationException, which that API maps to its own codes.
   */
  public static ObjectNode validate(ServiceModel model, String operation, byte[] body) {
    ServiceModel.Shape input = model.input(operation);
    if (input == null) {
      throw EcsException.unknownOperation("Unknown operation " + operation + ".");
    }
    return new ShapeValidator(model, null).structure(input, StrictJson.parse(body), "");
  }

  /** Whether the models describe this operation. */
  public static boolean knows(String operation) {
    return ServiceModel.get().input(operation) != null;
  }

  private static ServiceModel.Shape input(String operation) {
    ServiceModel.Shape input = operation == null ? null : ServiceModel.get().input(operation);
    if (input == null) {
      boolean printable = operation != null && operation.length() <= 64 && operation.chars().allMatch(c -> c > 32 && c < 127);
      throw EcsException.unknownOperation(printable ? "Unknown operation " + operation + "." : "Unknown operation.");
    }
    return input;
  }
}
