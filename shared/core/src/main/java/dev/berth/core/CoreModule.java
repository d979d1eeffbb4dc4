package dev.berth.core;

import dagger.Module;
import dagger.Provides;
import dev.berth.core.Config;
import dev.berth.model.Arns;
import dev.berth.model.IdSource;
import dev.berth.scheduler.PlacementEngine;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import javax.inject.Singleton;

/**
 * What every function's component needs: configuration-derived values, ids, randomness. The port
 * {@link dev.berth.core.events.EventDetails} is bound at the API edge ({@code dev.berth.api.ApiModule}). The clock
 * is bound by each component's builder (the system clock in Lambda; tests may pass their own).
 */
@Module
public final class CoreModule {

  @Provides
  @Singleton
  static Arns arns(Config config) {
    return new Arns(config.region());
  }

  @Provides
  @Singleton
  static IdSource ids() {
    return IdSource.secureRandom();
  }

  /** The entropy every seeded generator starts from; see {@link #random(SecureRandom)}. */
  @Provides
  @Singleton
  static SecureRandom entropy() {
    return new SecureRandom();
  }

  /**
   * A fresh generator for each use, seeded then from {@code entropy}. Nothing seeded at init is kept:
   * with SnapStart, every environment restored from one snapshot shares the init's memory, so a
   * generator made then would hand each of them the same sequence (the same placements, the same
   * deployment ids). SecureRandom itself is reseeded on restore.
   */
  @Provides
  static RandomGenerator random(SecureRandom entropy) {
    return seeded(entropy);
  }

  static RandomGenerator seeded(SecureRandom entropy) {
    return RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create(entropy.nextLong());
  }

  /** Waits block the thread (a Lambda invocation has nothing else to do meanwhile). */
  @Provides
  static Pause pause() {
    return Pause.SLEEP;
  }

  @Provides
  @Singleton
  static PlacementEngine placementEngine() {
    return new PlacementEngine();
  }

  private CoreModule() {}
}
