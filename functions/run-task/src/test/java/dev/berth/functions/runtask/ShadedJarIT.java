package dev.berth.functions.runtask;

import dev.berth.store.testing.ShadedJarContract;
import java.util.Set;

/** The function's shaded jar (target/run-task-function-*-lambda.jar): see {@link ShadedJarContract}. */
class ShadedJarIT extends ShadedJarContract {
  @Override
  protected String artifactId() {
    return "run-task-function";
  }

  @Override
  protected Set<String> servicesNotCalled() {
    return Set.of("sqs", "elasticloadbalancingv2"); // as functions/run-task/pom.xml leaves out
  }
}
