package dev.berth.functions.endpoint;

import dev.berth.protocol.EcsHttp;
import java.util.Locale;

/**
 * The three APIs served on the one URL, told apart as AWS's own endpoints would be: ECS and
 * CloudTrail are awsJson with an {@code X-Amz-Target}, IAM is the Query protocol (a form body with
 * {@code Action=}). Each is signed for its own service name, and only that one is accepted.
 */
enum Api {
  ECS("ecs"),
  CLOUDTRAIL("cloudtrail"),
  IAM("iam");

  static final String CLOUDTRAIL_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

  private final String signingName;

  Api(String signingName) {
    this.signingName = signingName;
  }

  String signingName() {
    return signingName;
  }

  static Api of(HttpRequest request) {
    String target = request.header("x-amz-target");
    if (target != null && target.startsWith(CLOUDTRAIL_PREFIX)) {
      return CLOUDTRAIL;
    }
    if (target == null && request.header("content-type") != null
        && request.header("content-type").toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return IAM;
    }
    return ECS;
  }

  /** The operation the request names: the part after the target prefix, or IAM's {@code Action}. */
  static String ecsOperation(HttpRequest request) {
    return EcsHttp.operation(request.headers());
  }
}
