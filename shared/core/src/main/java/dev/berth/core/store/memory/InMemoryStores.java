package dev.berth.core.store.memory;

import java.time.Clock;

/**
 * Every store and queue Berth uses, in memory, sharing one clock and one set of hooks: what unit
 * tests and the simulation build the use cases from instead of DynamoDB, SQS, EventBridge, ELB and
 * API Gateway.
 */
public final class InMemoryStores {
  public final InMemoryClusterStore clusters;
  public final InMemoryContainerInstanceStore containerInstances;
  public final InMemoryTaskStore tasks;
  public final InMemoryServiceStore services;
  public final InMemoryTaskDefinitionStore taskDefinitions;
  public final InMemoryHeartbeatStore heartbeats;
  public final InMemoryIdempotencyStore idempotency;
  public final InMemoryAccountSettingStore accountSettings;
  public final InMemoryAgentConnectionStore agentConnections;
  public final InMemoryReconcileQueue reconcileQueue;
  public final InMemoryTaskStateQueue taskStateQueue;
  public final InMemoryEventBus events;
  public final InMemoryTargetGroups targetGroups;
  public final InMemoryConnectionPoster connections;

  /** Stores with no hooks and FIFO queues without faults. */
  public InMemoryStores(Clock clock) {
    this(clock, StoreHooks.NONE);
  }

  public InMemoryStores(Clock clock, StoreHooks hooks) {
    this(clock, hooks, new InMemoryQueue("task-state", clock), new InMemoryQueue("reconcile", clock));
  }

  /** Stores whose queues are given (with their own faults and delivery order). */
  public InMemoryStores(Clock clock, StoreHooks hooks, InMemoryQueue taskState, InMemoryQueue reconcile) {
    clusters = new InMemoryClusterStore(clock, hooks);
    containerInstances = new InMemoryContainerInstanceStore(clock, hooks);
    tasks = new InMemoryTaskStore(clock, hooks);
    services = new InMemoryServiceStore(clock, hooks);
    taskDefinitions = new InMemoryTaskDefinitionStore(clock, hooks);
    heartbeats = new InMemoryHeartbeatStore(clock, hooks);
    idempotency = new InMemoryIdempotencyStore(clock, hooks);
    accountSettings = new InMemoryAccountSettingStore(clock, hooks);
    agentConnections = new InMemoryAgentConnectionStore(clock, hooks);
    taskStateQueue = new InMemoryTaskStateQueue(taskState, hooks);
    reconcileQueue = new InMemoryReconcileQueue(reconcile, hooks);
    events = new InMemoryEventBus(hooks);
    targetGroups = new InMemoryTargetGroups(clock, hooks);
    connections = new InMemoryConnectionPoster(hooks);
  }
}
