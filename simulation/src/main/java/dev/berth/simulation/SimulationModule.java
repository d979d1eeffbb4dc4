package dev.berth.simulation;

import dagger.Module;
import dagger.Provides;
import dev.berth.api.ShapesModule;
import dev.berth.core.Config;
import dev.berth.core.Pause;
import dev.berth.core.store.AccountSettingStore;
import dev.berth.core.store.AgentConnectionStore;
import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.ConnectionPoster;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.EventBus;
import dev.berth.core.store.HeartbeatStore;
import dev.berth.core.store.IdempotencyStore;
import dev.berth.core.store.ReconcileQueue;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TargetGroups;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.TaskStateQueue;
import dev.berth.core.store.TaskStore;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.model.Arns;
import dev.berth.model.IdSource;
import dev.berth.scheduler.PlacementEngine;
import java.time.Clock;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import javax.inject.Singleton;

/**
 * What CoreModule and StoreModule provide to a function, for the simulation: the in-memory stores
 * (the ledger, tasks and services seen through the observing decorators), the clock of the process
 * at work (the virtual clock and that process's skew), and ids and randomness drawn from the run's
 * seed, so one seed always gives the same run. Waits let virtual time pass.
 */
@Module(includes = ShapesModule.class)
final class SimulationModule {
  private final Config config;
  private final VirtualClock clock;
  private final ProcessClock processClock;
  private final InMemoryStores stores;
  private final ContainerInstanceStore instances;
  private final TaskStore tasks;
  private final ServiceStore services;
  private final RandomGenerator seeds;

  SimulationModule(Config config, VirtualClock clock, ProcessClock processClock, InMemoryStores stores,
      ContainerInstanceStore instances, TaskStore tasks, ServiceStore services, RandomGenerator seeds) {
    this.config = config;
    this.clock = clock;
    this.processClock = processClock;
    this.stores = stores;
    this.instances = instances;
    this.tasks = tasks;
    this.services = services;
    this.seeds = seeds;
  }

  @Provides
  Config config() {
    return config;
  }

  @Provides
  Clock clock() {
    return processClock;
  }

  @Provides
  Pause pause() {
    return clock::advance;
  }

  @Provides
  @Singleton
  IdSource ids() {
    RandomGenerator random = generator(seeds.nextLong());
    return () -> {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    };
  }

  /** A fresh generator for each use, as in CoreModule, but seeded from the run's seed. */
  @Provides
  RandomGenerator random() {
    return generator(seeds.nextLong());
  }

  static RandomGenerator generator(long seed) {
    return RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create(seed);
  }

  @Provides
  @Singleton
  static Arns arns(Config config) {
    return new Arns(config.region());
  }

  @Provides
  @Singleton
  static PlacementEngine placementEngine() {
    return new PlacementEngine();
  }

  @Provides
  ContainerInstanceStore containerInstances() {
    return instances;
  }

  @Provides
  TaskStore tasks() {
    return tasks;
  }

  @Provides
  ServiceStore services() {
    return services;
  }

  @Provides
  ClusterStore clusters() {
    return stores.clusters;
  }

  @Provides
  TaskDefinitionStore taskDefinitions() {
    return stores.taskDefinitions;
  }

  @Provides
  HeartbeatStore heartbeats() {
    return stores.heartbeats;
  }

  @Provides
  IdempotencyStore idempotency() {
    return stores.idempotency;
  }

  @Provides
  AccountSettingStore accountSettings() {
    return stores.accountSettings;
  }

  @Provides
  AgentConnectionStore agentConnections() {
    return stores.agentConnections;
  }

  @Provides
  ReconcileQueue reconcileQueue() {
    return stores.reconcileQueue;
  }

  @Provides
  TaskStateQueue taskStateQueue() {
    return stores.taskStateQueue;
  }

  @Provides
  EventBus eventBus() {
    return stores.events;
  }

  @Provides
  TargetGroups targetGroups() {
    return stores.targetGroups;
  }

  /** Agents poll, as they do when the agent channel is not configured. */
  @Provides
  ConnectionPoster connectionPoster() {
    return ConnectionPoster.NONE;
  }
}
