package dev.berth.functions.taskstate;

import dev.berth.store.testing.ShadedJarContract;
import java.util.Set;

/** The function's shaded jar (target/task-state-function-*-lambda.jar): see {@link ShadedJarContract}. */
class ShadedJarIT extends ShadedJarContract {
  @Override
  protected String artifactId() {
    return "task-state-function";
  }

  @Override
  protected Set<String> servicesNotCalled() {
    return Set.of("elasticloadbalancingv2", "apigatewaymanagementapi"); // as functions/task-state/pom.xml leaves out
  }
}
