package dev.berth.core;

import dagger.Module;
import dagger.Provides;
import dev.berth.model.Arns;
import dev.berth.model.IdSource;
import dev.berth.protocol.ServiceShapes;
import dev.berth.protocol.Shapes;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.store.AwsModule;
import dev.berth.store.Config;
import java.util.random.RandomGenerator;
import javax.inject.Singleton;

/**
 * What every function's component needs: configuration-derived values, ids, randomness. The clock
 * is bound by each component's builder (the system clock in Lambda; tests may pass their own).
 */
@Module(includes = AwsModule.class)
public final class CoreModule {

  @Provides
  @Singleton
  static Arns arns(Config config) {
    return new Arns(config.region());
  }

  @Provides
  @Singleton
  static Shapes shapes(Arns arns) {
    return new Shapes(arns);
  }

  @Provides
  @Singleton
  static ServiceShapes serviceShapes(Arns arns) {
    return new ServiceShapes(arns);
  }

  @Provides
  @Singleton
  static IdSource ids() {
    return IdSource.secureRandom();
  }

  @Provides
  static RandomGenerator random() {
    return RandomGenerator.of("L64X128MixRandom");
  }

  @Provides
  @Singleton
  static PlacementEngine placementEngine() {
    return new PlacementEngine();
  }

  private CoreModule() {}
}
