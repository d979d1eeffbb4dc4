package dev.berth.functions.reads;

import dagger.BindsInstance;
import dagger.Component;
import dev.berth.api.ApiModule;
import dev.berth.api.ReadsApi;
import dev.berth.core.Config;
import dev.berth.store.StoreModule;
import java.time.Clock;
import javax.inject.Singleton;

/** Wires the reads function: its operations and what they need, built once per container. */
@Singleton
@Component(modules = {ApiModule.class, StoreModule.class})
interface ReadsComponent {
  ReadsApi api();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder config(Config config);

    @BindsInstance
    Builder clock(Clock clock);

    ReadsComponent build();
  }
}
