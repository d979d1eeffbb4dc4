package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.berth.auth.identity.LocalMasterKey;
import dev.berth.core.Config;
import dev.berth.functions.endpoint.EndpointHandler;
import dev.berth.functions.reads.ReadsHandler;
import dev.berth.functions.reconciler.ReconcilerHandler;
import dev.berth.functions.registration.RegistrationHandler;
import dev.berth.functions.runtask.RunTaskHandler;
import dev.berth.functions.services.ServicesHandler;
import dev.berth.functions.taskstate.TaskStateHandler;
import dev.berth.store.SnapStartPriming;
import dev.berth.store.testing.Emulator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What each function runs before SnapStart takes its snapshot goes through the real handler against
 * real tables, and changes nothing: the same items in every table and no message on any queue, with
 * a cluster, an instance, a service and a task already there. Each is answered as a refusal, not as a
 * server error (a priming that fails would leave the snapshot cold).
 */
class SnapStartPrimingIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-priming");
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("prime");
    berth.registerInstance("prime", 2048, 2048);
    berth.ecs.registerTaskDefinition(b -> b.family("app").containerDefinitions(c -> c.name("app").image("app")
        .memory(64)));
    berth.ecs.createService(b -> b.cluster("prime").serviceName("app").taskDefinition("app").desiredCount(1));
    berth.ecs.runTask(b -> b.cluster("prime").taskDefinition("app"));
  }

  private static Map<String, Integer> contents(Config config) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String table : List.of(config.clustersTable(), config.containerInstancesTable(), config.taskDefinitionsTable(),
        config.tasksTable(), config.idempotencyTable(), config.heartbeatsTable(), config.servicesTable(),
        config.identitiesTable(), config.auditTable(), config.accountSettingsTable())) {
      counts.put(table, Emulator.dynamo().scan(b -> b.tableName(table).select(Select.COUNT)).count());
    }
    for (String queue : List.of(config.taskStateQueueUrl(), config.reconcileQueueUrl())) {
      var attributes = Emulator.sqs().getQueueAttributes(b -> b.queueUrl(queue)
          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
      counts.put(queue, attributes.values().stream().mapToInt(Integer::parseInt).sum());
    }
    return counts;
  }

  private static void refused(APIGatewayV2HTTPResponse response) {
    assertEquals(400, response.getStatusCode(), response.getBody());
  }

  /** Every priming, through the real handlers; then nothing may have changed. */
  private static void primeAllAndCheckNothingChanged() {
    Config config = berth.config;
    // let the service's first pass settle its messages so that only priming could add any
    berth.drainQueue(config.reconcileQueueUrl(), new ReconcilerHandler(berth.reconcilerAt(Clock.systemUTC())));
    Map<String, Integer> before = contents(config);

    APIGatewayV2HTTPResponse described = new ReadsHandler(config).prime();
    assertEquals(200, described.getStatusCode(), described.getBody());
    refused(new RegistrationHandler(config).prime());
    refused(new RunTaskHandler(config).prime());
    refused(new ServicesHandler(config).prime());
    assertEquals(List.of(), new TaskStateHandler(config).prime().getBatchItemFailures());
    assertEquals(List.of(), new ReconcilerHandler(config, Clock.systemUTC()).prime().getBatchItemFailures());
    EndpointHandler.prime(config, Emulator.dynamo(), new LocalMasterKey(LocalMasterKey.generate()));

    assertEquals(before, contents(config));
  }

  @Test
  void primingChangesNothing() {
    primeAllAndCheckNothingChanged();
  }

  @Test
  void primingChangesNothingEvenWhenItsClusterExists() {
    berth.createCluster(SnapStartPriming.CLUSTER);
    berth.registerInstance(SnapStartPriming.CLUSTER, 2048, 2048);
    berth.ecs.createService(b -> b.cluster(SnapStartPriming.CLUSTER).serviceName("app").taskDefinition("app")
        .desiredCount(1));
    primeAllAndCheckNothingChanged();
  }
}
