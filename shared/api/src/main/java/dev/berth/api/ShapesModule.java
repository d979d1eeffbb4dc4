package dev.berth.api;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.berth.core.events.EventDetails;
import dev.berth.model.Arns;
import dev.berth.protocol.ServiceDeploymentShapes;
import dev.berth.protocol.ServiceShapes;
import dev.berth.protocol.Shapes;
import javax.inject.Singleton;

/**
 * The ECS shapes answers and events are written in, for any graph that has the region's
 * {@link Arns}: the functions' (through {@link ApiModule}) and the simulation's.
 */
@Module
public abstract class ShapesModule {

  @Binds
  abstract EventDetails eventDetails(EcsEventDetails details);

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
  static ServiceDeploymentShapes serviceDeploymentShapes(Arns arns) {
    return new ServiceDeploymentShapes(arns);
  }
}
