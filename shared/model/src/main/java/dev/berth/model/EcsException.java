package dev.berth.model;

import java.util.List;

/**
 * An error that leaves Berth as ECS's error shape: {@code {"__type": code, "message": ...}} with an
 * HTTP status. Client faults are 400; only {@link #server} is 500, which SDKs retry.
 */
public final class EcsException extends RuntimeException {
  private final String code;
  private final int status;
  private final List<String> resourceIds;

  public EcsException(String code, String message, int status, List<String> resourceIds) {
    super(message);
    this.code = code;
    this.status = status;
    this.resourceIds = List.copyOf(resourceIds);
  }

  private static EcsException client(String code, String message) {
    return new EcsException(code, message, 400, List.of());
  }

  public static EcsException clientException(String message) {
    return client("ClientException", message);
  }

  public static EcsException invalidParameter(String message) {
    return client("InvalidParameterException", message);
  }

  public static EcsException clusterNotFound() {
    return client("ClusterNotFoundException", "Cluster not found.");
  }

  /** TagResource and UntagResource for a well-formed ARN that names nothing. */
  public static EcsException resourceNotFound() {
    return client("ResourceNotFoundException", "The specified resource could not be found.");
  }

  /** PutAttributes or DeleteAttributes naming a container instance that is not in the cluster. */
  public static EcsException targetNotFound(String target) {
    return client("TargetNotFoundException", "Could not find the target " + target + " in the cluster.");
  }

  /** PutAttributes that would give a container instance more than its 10 custom attributes. */
  public static EcsException attributeLimitExceeded(String message) {
    return client("AttributeLimitExceededException", message);
  }

  public static EcsException serviceNotFound() {
    return client("ServiceNotFoundException", "Service not found.");
  }

  public static EcsException serviceDeploymentNotFound() {
    return client("ServiceDeploymentNotFoundException", "The service deployment does not exist.");
  }

  public static EcsException serviceNotActive() {
    return client("ServiceNotActiveException", "Service was not ACTIVE.");
  }

  public static EcsException unsupportedFeature(String message) {
    return client("UnsupportedFeatureException", message);
  }

  public static EcsException serialization(String message) {
    return client("SerializationException", message);
  }

  public static EcsException unknownOperation(String message) {
    return client("UnknownOperationException", message);
  }

  public static EcsException clusterContains(String what, String message) {
    return client("ClusterContains" + what + "Exception", message);
  }

  public static EcsException conflict(String message, List<String> resourceIds) {
    return new EcsException("ConflictException", message, 400, resourceIds);
  }

  public static EcsException server(String message) {
    return new EcsException("ServerException", message, 500, List.of());
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public List<String> resourceIds() {
    return resourceIds;
  }
}
