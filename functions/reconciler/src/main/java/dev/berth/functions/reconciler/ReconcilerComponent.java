package dev.berth.functions.reconciler;

import dagger.BindsInstance;
import dagger.Component;
import dev.berth.api.ApiModule;
import dev.berth.core.Config;
import dev.berth.core.events.EcsEvents;
import dev.berth.core.instances.InstanceHealth;
import dev.berth.core.ledger.LedgerRepair;
import dev.berth.core.metrics.Metrics;
import dev.berth.core.services.ReconcileSweep;
import dev.berth.core.services.Reconciler;
import dev.berth.core.services.ServiceReconciler;
import dev.berth.store.StoreModule;
import java.time.Clock;
import javax.inject.Singleton;

/** Wires the reconciler: the scheduled sweep and the reconcile-queue consumer share it. */
@Singleton
@Component(modules = {ApiModule.class, StoreModule.class})
public interface ReconcilerComponent {
  Reconciler reconciler();

  ReconcileSweep sweep();

  /** The parts the reconciler drives, for tests that drive them directly. */
  ServiceReconciler services();

  InstanceHealth health();

  LedgerRepair repair();

  EcsEvents events();

  Metrics metrics();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder config(Config config);

    @BindsInstance
    Builder clock(Clock clock);

    ReconcilerComponent build();
  }

  /** The component for a configuration and a clock (the system clock in Lambda; tests pass their own). */
  static ReconcilerComponent create(Config config, Clock clock) {
    return DaggerReconcilerComponent.builder().config(config).clock(clock).build();
  }
}
