package dev.berth.functions.reconciler;

import dev.berth.store.testing.ShadedJarContract;
import java.util.Set;

/** The function's shaded jar (target/reconciler-function-*-lambda.jar): see {@link ShadedJarContract}. */
class ShadedJarIT extends ShadedJarContract {
  @Override
  protected String artifactId() {
    return "reconciler-function";
  }

  @Override
  protected Set<String> servicesNotCalled() {
    return Set.of(); // the reconciler calls every client but KMS and Lambda, which it does not depend on
  }
}
