package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.ClusterReadsApi;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import dev.berth.store.DynamoClusterStore;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoServiceStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.testing.Emulator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * DescribeClusters' counts follow the tasks' states, and reading them costs a number of items that
 * does not grow with the tasks: it reads the cluster's few instance items, never its task items.
 */
class ClusterCountsIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-counts");
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.ecs.registerTaskDefinition(b -> b.family("counted").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(1).memory(6).build()));
  }

  private static Cluster describe(String cluster) {
    return berth.ecs.describeClusters(b -> b.clusters(cluster)).clusters().get(0);
  }

  private static void assertCounts(String cluster, int instances, int running, int pending) {
    Cluster c = describe(cluster);
    assertEquals(List.of(instances, running, pending),
        List.of(c.registeredContainerInstancesCount(), c.runningTasksCount(), c.pendingTasksCount()),
        "registered instances, running tasks, pending tasks");
  }

  private static void report(String cluster, String taskArn, String status) {
    berth.ecs.submitTaskStateChange(b -> b.cluster(cluster).task(taskArn).status(status));
    berth.drainTaskStateQueue();
  }

  @Test
  void countsFollowTheTasksStates() {
    berth.createCluster("states");
    berth.registerInstance("states", 1024, 1024);
    berth.registerInstance("states", 1024, 1024);
    var tasks = berth.ecs.runTask(b -> b.cluster("states").taskDefinition("counted").count(3)).tasks();
    assertCounts("states", 2, 0, 3);

    report("states", tasks.get(0).taskArn(), "RUNNING");
    report("states", tasks.get(1).taskArn(), "RUNNING");
    assertCounts("states", 2, 2, 1);
    report("states", tasks.get(1).taskArn(), "RUNNING");
    assertCounts("states", 2, 2, 1);

    // StopTask asks; the task is RUNNING until its agent says otherwise
    berth.ecs.stopTask(b -> b.cluster("states").task(tasks.get(0).taskArn()));
    assertCounts("states", 2, 2, 1);
    report("states", tasks.get(0).taskArn(), "STOPPED");
    assertCounts("states", 2, 1, 1);
    report("states", tasks.get(0).taskArn(), "RUNNING");
    assertCounts("states", 2, 1, 1);
    report("states", tasks.get(2).taskArn(), "STOPPED");
    assertCounts("states", 2, 1, 0);
    assertEquals(List.of(), berth.ledgerDrift("states"));
  }

  @Test
  void describeClustersReadsNoTaskItems() throws Exception {
    String cluster = "busy";
    berth.createCluster(cluster);
    List<String> instanceIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String arn = berth.registerInstance(cluster, 100_000, 100_000);
      instanceIds.add(arn.substring(arn.lastIndexOf('/') + 1));
    }
    var first = berth.ecs.runTask(b -> b.cluster(cluster).taskDefinition("counted")).tasks().get(0);
    report(cluster, first.taskArn(), "RUNNING");

    // 5,000 stopped and 499 more running tasks, written as Berth writes them: the task items, and
    // for each running one its reservation and RUNNING mark on its instance (the same store calls
    // as placement and the task-state function, without the endpoint in between, for speed).
    TaskStore tasks = new DynamoTaskStore(Emulator.dynamo(), berth.config);
    ContainerInstanceStore instances = new DynamoContainerInstanceStore(Emulator.dynamo(), berth.config);
    Task template = tasks.get(cluster, first.taskArn().substring(first.taskArn().lastIndexOf('/') + 1)).orElseThrow();
    Instant now = Instant.now();
    writeStoppedCopies(template, 5_000);
    Map<String, ContainerInstance> seen = new HashMap<>();
    instanceIds.forEach(id -> seen.put(id, instances.get(cluster, id).orElseThrow()));
    for (int i = 0; i < 499; i++) {
      String id = String.format("running%025d", i);
      String instanceId = instanceIds.get(i % 5);
      var reserved = instances.reserve(seen.get(instanceId), id, template.reservation(), template.group(), now);
      assertTrue(reserved.reserved());
      seen.put(instanceId, reserved.instance().orElseThrow());
      assertTrue(tasks.create(copy(template, id, instanceId, "RUNNING", now)));
      assertTrue(instances.markRunning(cluster, instanceId, id));
    }
    assertEquals(5_500, tasks.inCluster(cluster).size(), "5,000 stopped and 500 running task items");
    assertCounts(cluster, 5, 500, 0);

    CountingDynamo counting = CountingDynamo.wrapping(Emulator.dynamo());
    ClusterReadsApi reads = readsOver(counting.client());
    counting.reset();
    ObjectNode answer = reads.operations().get("DescribeClusters")
        .handle(new Json((ObjectNode) Shapes.object().set("clusters", Shapes.object().arrayNode().add(cluster)), ""));
    Map<String, Long> read = counting.reset();

    assertEquals(500, answer.path("clusters").path(0).path("runningTasksCount").asInt());
    assertEquals(5, answer.path("clusters").path(0).path("registeredContainerInstancesCount").asInt());
    assertFalse(read.containsKey(berth.config.tasksTable()), "no task item is read: " + read);
    // the cluster item and its 5 instance items (there are no services)
    assertEquals(Map.of(berth.config.clustersTable(), 1L, berth.config.containerInstancesTable(), 5L), read);
  }

  /** The cluster reads (DescribeClusters, ListClusters) over {@code dynamo}. */
  private static ClusterReadsApi readsOver(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo) {
    var clusters = new Clusters(new DynamoClusterStore(dynamo, berth.config), new DynamoContainerInstanceStore(dynamo, berth.config),
        new DynamoServiceStore(dynamo, berth.config), Clock.systemUTC());
    return new ClusterReadsApi(clusters, new Shapes(new Arns(berth.config.region())));
  }

  /**
   * {@code n} STOPPED copies of a task item, 25 to a BatchWriteItem (the store writes one task at a
   * time; here only the table's contents matter, and 5,000 single puts would take minutes).
   */
  private static void writeStoppedCopies(Task template, int n) {
    var dynamo = Emulator.dynamo();
    String table = berth.config.tasksTable();
    var item = dynamo.getItem(b -> b.tableName(table).key(Map.of(
        "cluster", AttributeValue.fromS(template.cluster()), "id", AttributeValue.fromS(template.id())))).item();
    long at = Instant.now().toEpochMilli();
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, AttributeValue> copy = new HashMap<>(item);
      copy.put("id", AttributeValue.fromS(String.format("stopped%025d", i)));
      copy.put("lastStatus", AttributeValue.fromS("STOPPED"));
      copy.put("desiredStatus", AttributeValue.fromS("STOPPED"));
      copy.put("stoppedAt", AttributeValue.fromN(Long.toString(at)));
      batch.add(WriteRequest.builder().putRequest(p -> p.item(copy)).build());
      if (batch.size() == 25 || i == n - 1) {
        Map<String, List<WriteRequest>> request = Map.of(table, List.copyOf(batch));
        while (!request.isEmpty()) {
          var finalRequest = request;
          var response = dynamo.batchWriteItem(b -> b.requestItems(finalRequest));
          request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
        batch.clear();
      }
    }
  }

  private static Task copy(Task t, String id, String instanceId, String status, Instant at) {
    return new Task(t.cluster(), id, t.taskDefinitionFamily(), t.taskDefinitionRevision(), instanceId,
        t.availabilityZone(), status, "RUNNING", t.reservation(), t.containers(), t.overrides(), t.startedBy(),
        t.group(), at, at, null, null, null, null, null, null, null, 1, t.tags());
  }
}
