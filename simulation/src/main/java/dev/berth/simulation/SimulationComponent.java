package dev.berth.simulation;

import dagger.Component;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.instances.ContainerInstances;
import dev.berth.core.instances.InstanceHealth;
import dev.berth.core.ledger.LedgerAudit;
import dev.berth.core.services.ReconcileSweep;
import dev.berth.core.services.Reconciler;
import dev.berth.core.services.Services;
import dev.berth.core.taskdefs.TaskDefinitions;
import dev.berth.core.tasks.TaskLauncher;
import dev.berth.core.tasks.TaskStateChanges;
import dev.berth.core.tasks.Tasks;
import dev.berth.model.Arns;
import javax.inject.Singleton;

/** The use cases the functions run, wired as their components wire them, on the simulation's module. */
@Singleton
@Component(modules = SimulationModule.class)
interface SimulationComponent {
  Clusters clusters();

  TaskDefinitions taskDefinitions();

  ContainerInstances containerInstances();

  InstanceHealth instanceHealth();

  TaskLauncher launcher();

  Tasks tasks();

  TaskStateChanges taskStateChanges();

  Services services();

  Reconciler reconciler();

  ReconcileSweep sweep();

  LedgerAudit audit();

  Arns arns();
}
