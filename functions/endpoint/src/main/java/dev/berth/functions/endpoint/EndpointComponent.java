package dev.berth.functions.endpoint;

import dagger.Component;
import dev.berth.auth.identity.MasterKey;
import dev.berth.core.Config;
import dev.berth.store.AwsModule;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the endpoint function's clients: DynamoDB for identities and audit, KMS for the master key, Lambda. */
@Singleton
@Component(modules = {EndpointModule.class, AwsModule.class})
interface EndpointComponent {
  Config config();

  DynamoDbClient dynamo();

  MasterKey masterKey();

  Invoker invoker();
}
