package dev.berth.core.testing;

import dagger.BindsInstance;
import dagger.Component;
import dev.berth.core.Config;
import dev.berth.core.CoreModule;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.events.EventDetails;
import dev.berth.core.instances.InstanceHealth;
import dev.berth.core.ledger.LedgerRepair;
import dev.berth.core.services.Reconciler;
import dev.berth.core.services.ServiceReconciler;
import dev.berth.core.store.memory.InMemoryStoreModule;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.core.tasks.LedgerPlacer;
import dev.berth.core.tasks.TaskLauncher;
import dev.berth.core.tasks.TaskStateChanges;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Singleton;

/** The use cases wired as the functions wire them, on in-memory stores: what unit tests drive. */
@Singleton
@Component(modules = {CoreModule.class, InMemoryStoreModule.class})
public interface InMemoryCore {
  TaskLauncher launcher();

  LedgerPlacer placer();

  Clusters clusters();

  ServiceReconciler services();

  Reconciler reconciler();

  InstanceHealth health();

  LedgerRepair repair();

  TaskStateChanges taskStateChanges();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder config(Config config);

    @BindsInstance
    Builder clock(Clock clock);

    @BindsInstance
    Builder stores(InMemoryStores stores);

    @BindsInstance
    Builder details(EventDetails details);

    InMemoryCore build();
  }

  /** The use cases over {@code stores}, with the default configuration. */
  static InMemoryCore over(InMemoryStores stores, Clock clock) {
    return DaggerInMemoryCore.builder().config(Config.withPrefix("unit", Optional.empty())).clock(clock)
        .stores(stores).details(new PlainEventDetails()).build();
  }
}
