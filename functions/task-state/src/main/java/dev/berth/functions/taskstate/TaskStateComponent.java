package dev.berth.functions.taskstate;

import dagger.BindsInstance;
import dagger.Component;
import dev.berth.api.ApiModule;
import dev.berth.core.Config;
import dev.berth.core.metrics.Metrics;
import dev.berth.core.tasks.TaskStateChanges;
import dev.berth.store.StoreModule;
import java.time.Clock;
import javax.inject.Singleton;

/** Wires the task-state function. */
@Singleton
@Component(modules = {ApiModule.class, StoreModule.class})
interface TaskStateComponent {
  TaskStateChanges stateChanges();

  Metrics metrics();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder config(Config config);

    @BindsInstance
    Builder clock(Clock clock);

    TaskStateComponent build();
  }
}
