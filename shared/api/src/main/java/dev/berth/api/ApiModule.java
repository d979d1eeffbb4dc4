package dev.berth.api;

import dagger.Module;
import dev.berth.core.CoreModule;

/** The use cases of {@link CoreModule} with the ECS shapes they are answered and announced in. */
@Module(includes = {CoreModule.class, ShapesModule.class})
public abstract class ApiModule {
  private ApiModule() {}
}
