package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.ledger.LedgerAudit;
import dev.berth.core.ledger.Ledger;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resources;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.testing.Emulator;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** The ledger check finds drift when there is some, and only then. */
class LedgerAuditIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-audit");
  private static Berth berth;
  private static ContainerInstanceStore instances;
  private static TaskStore tasks;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    instances = new DynamoContainerInstanceStore(Emulator.dynamo(), berth.config);
    tasks = new DynamoTaskStore(Emulator.dynamo(), berth.config);
    berth.ecs.registerTaskDefinition(b -> b.family("audited").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(100).memory(100).build()));
  }

  private static List<String> audit(String cluster, Instant now) {
    return new LedgerAudit(instances, tasks, Clock.fixed(now, ZoneOffset.UTC)).check(cluster);
  }

  private static ContainerInstance instanceOf(String cluster, String arn) {
    return instances.get(cluster, arn.substring(arn.lastIndexOf('/') + 1)).orElseThrow();
  }

  @Test
  void aCorruptedRemainingAmountIsReported() {
    berth.createCluster("corrupt");
    String arn = berth.registerInstance("corrupt", 1024, 1024);
    berth.ecs.runTask(b -> b.cluster("corrupt").taskDefinition("audited"));
    assertEquals(List.of(), audit("corrupt", Instant.now()));

    ContainerInstance ci = instanceOf("corrupt", arn);
    instances.put(new ContainerInstance(ci.cluster(), ci.id(), ci.ec2InstanceId(), ci.status(), ci.statusReason(),
        ci.agentConnected(), ci.registeredResources(), ci.remainingCpu() + 100, ci.remainingMemory(),
        ci.tcpPortsInUse(), ci.udpPortsInUse(), ci.reservations(), ci.attributes(), ci.versionInfo(),
        ci.registeredAt(), ci.version() + 1, ci.tags()), ci.version());
    List<String> drift = audit("corrupt", Instant.now());
    assertEquals(1, drift.size(), drift.toString());
    assertTrue(drift.get(0).contains("CPU registered 1024 but remaining + reserved = 1124"), drift.get(0));
  }

  @Test
  void aReservationWithoutATaskIsReportedOnceTheGracePeriodHasPassed() {
    berth.createCluster("orphan");
    String arn = berth.registerInstance("orphan", 1024, 1024);
    Instant placedAt = Instant.now();
    assertTrue(instances.reserve(instanceOf("orphan", arn), "0123456789abcdef0123456789abcdef",
        new Resources(10, 10, Set.of(), Set.of()), "family:test", placedAt).reserved());
    assertEquals(List.of(), audit("orphan", placedAt.plusSeconds(60)), "a placement may still be in flight");
    List<String> drift = audit("orphan", placedAt.plus(Ledger.GRACE).plusSeconds(1));
    assertEquals(1, drift.size(), drift.toString());
    assertTrue(drift.get(0).contains("has no task"), drift.get(0));
  }

  /**
   * A stop that lands between the check's read of the tasks and its read of the instances (the
   * task-state function writes STOPPED, then releases) shows a RUNNING task whose release is
   * already recorded: a stop in flight, which the check must tell from drift.
   */
  @Test
  void aStopLandingBetweenTheChecksReadsIsNotDrift() {
    berth.createCluster("inflight");
    berth.registerInstance("inflight", 1024, 1024);
    var task = berth.ecs.runTask(b -> b.cluster("inflight").taskDefinition("audited")).tasks().get(0);
    berth.ecs.submitTaskStateChange(b -> b.cluster("inflight").task(task.taskArn()).status("RUNNING"));
    berth.drainTaskStateQueue();
    berth.ecs.submitTaskStateChange(b -> b.cluster("inflight").task(task.taskArn()).status("STOPPED"));

    boolean[] applied = {false};
    var interleaved = afterFirstQueryOf(berth.config.tasksTable(), () -> applied[0] = berth.drainTaskStateQueue() == 1);
    List<String> drift = new LedgerAudit(new DynamoContainerInstanceStore(interleaved, berth.config),
        new DynamoTaskStore(interleaved, berth.config), Clock.systemUTC()).check("inflight");
    assertTrue(applied[0], "the STOPPED report was applied between the two reads");
    assertEquals(List.of(), drift);
  }

  @Test
  void aLiveTaskWithoutItsReservationIsReported() {
    berth.createCluster("lost");
    String arn = berth.registerInstance("lost", 1024, 1024);
    var task = berth.ecs.runTask(b -> b.cluster("lost").taskDefinition("audited")).tasks().get(0);
    String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    String instanceId = arn.substring(arn.lastIndexOf('/') + 1);
    assertTrue(instances.release("lost", instanceId, id, tasks.get("lost", id).orElseThrow().reservation()));
    List<String> drift = audit("lost", Instant.now());
    assertEquals(List.of("task " + id + " is PENDING but holds no reservation on " + instanceId), drift);
  }

  @Test
  void aRunningTaskWhoseReservationIsNotMarkedIsReportedAndRepaired() {
    berth.createCluster("unmarked");
    String arn = berth.registerInstance("unmarked", 1024, 1024);
    var task = berth.ecs.runTask(b -> b.cluster("unmarked").taskDefinition("audited")).tasks().get(0);
    String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    // the task-state function wrote RUNNING and stopped before marking the instance
    var stored = tasks.get("unmarked", id).orElseThrow();
    tasks.replace(stored.withState("RUNNING", stored.containers(), Instant.now(), null, null, null, null, null, null,
        null, "RUNNING"), stored.version());
    List<String> drift = audit("unmarked", Instant.now());
    assertEquals(1, drift.size(), drift.toString());
    assertTrue(drift.get(0).contains("is RUNNING but its reservation is not marked running"), drift.get(0));
    assertEquals(0, berth.ecs.describeClusters(b -> b.clusters("unmarked")).clusters().get(0).runningTasksCount());

    berth.reconcilerAt(Clock.systemUTC()).repair().repair("unmarked");
    assertEquals(List.of(), audit("unmarked", Instant.now()));
    assertEquals(1, berth.ecs.describeClusters(b -> b.clusters("unmarked")).clusters().get(0).runningTasksCount());
    assertTrue(instanceOf("unmarked", arn).reservations().get(id).running());
  }

  /** A DynamoDB client that runs {@code between} once, right after its first Query of {@code table}. */
  private static DynamoDbClient afterFirstQueryOf(String table, Runnable between) {
    DynamoDbClient target = Emulator.dynamo();
    boolean[] done = {false};
    return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
          boolean convenience = method.getName().endsWith("Paginator")
              || args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer;
          if (convenience) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (!done[0] && args != null && args[0] instanceof QueryRequest q && q.tableName().equals(table)) {
            done[0] = true;
            between.run();
          }
          return result;
        });
  }

  @Test
  void aStoppedTaskStillHoldingItsReservationIsReported() {
    berth.createCluster("leak");
    berth.registerInstance("leak", 1024, 1024);
    var task = berth.ecs.runTask(b -> b.cluster("leak").taskDefinition("audited")).tasks().get(0);
    String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    var stored = tasks.get("leak", id).orElseThrow();
    var stopped = stored.withState("STOPPED", stored.containers(), null, Instant.now(), Instant.now(), null, null,
        Instant.now(), "TaskFailedToStart", "written without a release", "STOPPED");
    tasks.replace(stopped, stored.version());
    List<String> drift = audit("leak", Instant.now());
    assertEquals(1, drift.size(), drift.toString());
    assertTrue(drift.get(0).contains("belongs to a STOPPED task"), drift.get(0));
  }
}
