package dev.berth.store;

import dagger.Binds;
import dagger.Module;
import dev.berth.core.store.AccountSettingStore;
import dev.berth.core.store.AgentConnectionStore;
import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.EventBus;
import dev.berth.core.store.HeartbeatStore;
import dev.berth.core.store.IdempotencyStore;
import dev.berth.core.store.ReconcileQueue;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.TaskStateQueue;
import dev.berth.core.store.TaskStore;

/**
 * Binds each store port that {@code core} owns to its implementation on AWS: DynamoDB tables, SQS
 * queues and the EventBridge bus. The simulation binds the same ports to in-memory stores instead.
 */
@Module(includes = AwsModule.class)
public interface StoreModule {
  @Binds
  AccountSettingStore accountSettings(DynamoAccountSettingStore store);

  @Binds
  AgentConnectionStore agentConnections(DynamoAgentConnectionStore store);

  @Binds
  ClusterStore clusters(DynamoClusterStore store);

  @Binds
  ContainerInstanceStore containerInstances(DynamoContainerInstanceStore store);

  @Binds
  EventBus eventBus(EventBridgeBus bus);

  @Binds
  HeartbeatStore heartbeats(DynamoHeartbeatStore store);

  @Binds
  IdempotencyStore idempotency(DynamoIdempotencyStore store);

  @Binds
  ReconcileQueue reconcileQueue(SqsReconcileQueue queue);

  @Binds
  ServiceStore services(DynamoServiceStore store);

  @Binds
  TaskDefinitionStore taskDefinitions(DynamoTaskDefinitionStore store);

  @Binds
  TaskStateQueue taskStateQueue(SqsTaskStateQueue queue);

  @Binds
  TaskStore tasks(DynamoTaskStore store);
}
