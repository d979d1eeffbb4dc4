package dev.berth.functions.reads;

import dev.berth.store.testing.ShadedJarContract;
import java.util.Set;

/** The function's shaded jar (target/reads-function-*-lambda.jar): see {@link ShadedJarContract}. */
class ShadedJarIT extends ShadedJarContract {
  @Override
  protected String artifactId() {
    return "reads-function";
  }

  @Override
  protected Set<String> servicesNotCalled() {
    return Set.of("eventbridge", "sqs", "elasticloadbalancingv2", "apigatewaymanagementapi"); // as functions/reads/pom.xml leaves out
  }
}
