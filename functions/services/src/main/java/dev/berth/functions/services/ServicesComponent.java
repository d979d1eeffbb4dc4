package dev.berth.functions.services;

import dagger.BindsInstance;
import dagger.Component;
import dev.berth.api.ApiModule;
import dev.berth.api.ServicesApi;
import dev.berth.core.Config;
import dev.berth.store.StoreModule;
import java.time.Clock;
import javax.inject.Singleton;

/** Wires the services function: its operations and what they need, built once per container. */
@Singleton
@Component(modules = {ApiModule.class, StoreModule.class})
interface ServicesComponent {
  ServicesApi api();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder config(Config config);

    @BindsInstance
    Builder clock(Clock clock);

    ServicesComponent build();
  }
}
