package dev.berth.functions.services;

import dev.berth.store.testing.ShadedJarContract;
import java.util.Set;

/** The function's shaded jar (target/services-function-*-lambda.jar): see {@link ShadedJarContract}. */
class ShadedJarIT extends ShadedJarContract {
  @Override
  protected String artifactId() {
    return "services-function";
  }

  @Override
  protected Set<String> servicesNotCalled() {
    return Set.of("eventbridge", "apigatewaymanagementapi"); // as functions/services/pom.xml leaves out
  }
}
