package dev.berth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.berth.model.IdSource;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * SnapStart's rule for randomness: environments restored from one snapshot share everything made at
 * init, so whatever is random must draw from a source that differs after each restore. Two restored
 * environments are played here as two entropy sources that were identical at the snapshot and differ
 * afterwards (as SecureRandom does once reseeded): Berth's generators and ids must then differ too, and
 * nothing of the init's state may decide them.
 */
class RestoredRandomnessTest {
  /** A SecureRandom whose output is fixed by a seed: the stand-in for one restored environment's entropy. */
  private static SecureRandom entropy(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long[] draw(RandomGenerator generator) {
    long[] out = new long[8];
    for (int i = 0; i < out.length; i++) {
      out[i] = generator.nextLong();
    }
    return out;
  }

  @Test
  void eachGeneratorIsSeededWhenItIsMadeNotAtInit() {
    // the same init, then two environments whose entropy differs after the restore
    SecureRandom first = entropy(1);
    SecureRandom second = entropy(2);
    assertNotEquals(java.util.Arrays.toString(draw(CoreModule.random(first))),
        java.util.Arrays.toString(draw(CoreModule.random(second))),
        "restored environments must not share a sequence");
  }

  @Test
  void theSeedComesOnlyFromTheEntropySource() {
    // identical entropy gives identical sequences: no other state (a seed taken at init, a counter)
    // goes into the generator, so fresh entropy after a restore is all it takes to differ
    assertEquals(java.util.Arrays.toString(draw(CoreModule.random(entropy(7)))),
        java.util.Arrays.toString(draw(CoreModule.random(entropy(7)))));
  }

  @Test
  void successiveGeneratorsInOneEnvironmentDiffer() {
    SecureRandom one = entropy(3);
    Set<String> sequences = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      sequences.add(java.util.Arrays.toString(draw(CoreModule.random(one))));
    }
    assertEquals(100, sequences.size());
  }

  @Test
  void idsDoNotRepeat() {
    IdSource ids = IdSource.secureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertEquals(true, seen.add(ids.newId()));
    }
  }
}
