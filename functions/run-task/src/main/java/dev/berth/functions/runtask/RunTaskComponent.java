package dev.berth.functions.runtask;

import dagger.BindsInstance;
import dagger.Component;
import dev.berth.api.ApiModule;
import dev.berth.api.RunTaskApi;
import dev.berth.core.Config;
import dev.berth.store.StoreModule;
import java.time.Clock;
import javax.inject.Singleton;

/** Wires the run-task function: its operations and what they need, built once per container. */
@Singleton
@Component(modules = {ApiModule.class, StoreModule.class})
interface RunTaskComponent {
  RunTaskApi api();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder config(Config config);

    @BindsInstance
    Builder clock(Clock clock);

    RunTaskComponent build();
  }
}
