package dev.berth.functions.registration;

import dev.berth.store.testing.ShadedJarContract;
import java.util.Set;

/** The function's shaded jar (target/registration-function-*-lambda.jar): see {@link ShadedJarContract}. */
class ShadedJarIT extends ShadedJarContract {
  @Override
  protected String artifactId() {
    return "registration-function";
  }

  @Override
  protected Set<String> servicesNotCalled() {
    return Set.of("elasticloadbalancingv2", "apigatewaymanagementapi"); // as functions/registration/pom.xml leaves out
  }
}
