package dev.berth.core.store.memory;

import dagger.Module;
import dagger.Provides;
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

/**
 * Binds each store port to the in-memory store of one {@link InMemoryStores}, which the component's
 * builder takes as an instance: what StoreModule does for AWS, for tests and the simulation.
 */
@Module
public final class InMemoryStoreModule {
  @Provides
  static AccountSettingStore accountSettings(InMemoryStores stores) {
    return stores.accountSettings;
  }

  @Provides
  static AgentConnectionStore agentConnections(InMemoryStores stores) {
    return stores.agentConnections;
  }

  @Provides
  static ClusterStore clusters(InMemoryStores stores) {
    return stores.clusters;
  }

  @Provides
  static ContainerInstanceStore containerInstances(InMemoryStores stores) {
    return stores.containerInstances;
  }

  @Provides
  static EventBus eventBus(InMemoryStores stores) {
    return stores.events;
  }

  @Provides
  static HeartbeatStore heartbeats(InMemoryStores stores) {
    return stores.heartbeats;
  }

  @Provides
  static IdempotencyStore idempotency(InMemoryStores stores) {
    return stores.idempotency;
  }

  @Provides
  static ReconcileQueue reconcileQueue(InMemoryStores stores) {
    return stores.reconcileQueue;
  }

  @Provides
  static ServiceStore services(InMemoryStores stores) {
    return stores.services;
  }

  @Provides
  static TaskDefinitionStore taskDefinitions(InMemoryStores stores) {
    return stores.taskDefinitions;
  }

  @Provides
  static TaskStateQueue taskStateQueue(InMemoryStores stores) {
    return stores.taskStateQueue;
  }

  @Provides
  static TaskStore tasks(InMemoryStores stores) {
    return stores.tasks;
  }

  @Provides
  static TargetGroups targetGroups(InMemoryStores stores) {
    return stores.targetGroups;
  }

  @Provides
  static ConnectionPoster connectionPoster(InMemoryStores stores) {
    return stores.connections;
  }

  private InMemoryStoreModule() {}
}
