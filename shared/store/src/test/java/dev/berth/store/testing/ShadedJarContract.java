package dev.berth.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every function's shaded jar must satisfy; a function module's {@code ShadedJarIT} extends it
 * with its artifact id and the SDK clients it leaves out (as its pom's filters do).
 */
public abstract class ShadedJarContract {
  /** The function module's artifact id. */
  protected abstract String artifactId();

  /** The SDK clients (package names under software.amazon.awssdk.services) the function's pom leaves out. */
  protected abstract Set<String> servicesNotCalled();

  @Test
  void jarWeighsAtMostTenMegabytes() throws IOException {
    long size = ShadedJar.of(artifactId()).size();
    assertTrue(size <= ShadedJar.MAX_BYTES, artifactId() + "'s jar is " + size + " bytes, over " + ShadedJar.MAX_BYTES);
  }

  @Test
  void everyClassBerthNamesIsInTheJar() throws IOException {
    assertEquals(Set.of(), ShadedJar.of(artifactId()).missingClasses(servicesNotCalled()));
  }

  @Test
  void everyBerthClassLinksWithTheJarAlone() throws IOException {
    assertEquals(List.of(), ShadedJar.of(artifactId()).unlinkableClasses(servicesNotCalled()));
  }
}
