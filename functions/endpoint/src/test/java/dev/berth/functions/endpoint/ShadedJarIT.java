package dev.berth.functions.endpoint;

import dev.berth.store.testing.ShadedJarContract;
import java.util.Set;

/** The function's shaded jar (target/endpoint-function-*-lambda.jar): see {@link ShadedJarContract}. */
class ShadedJarIT extends ShadedJarContract {
  @Override
  protected String artifactId() {
    return "endpoint-function";
  }

  @Override
  protected Set<String> servicesNotCalled() {
    return Set.of("eventbridge", "sqs", "elasticloadbalancingv2", "apigatewaymanagementapi"); // as functions/endpoint/pom.xml leaves out
  }
}
