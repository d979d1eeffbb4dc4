package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.ledger.Ledger;
import dev.berth.core.ledger.LedgerRepair;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resources;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.testing.Emulator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** Crashes between the two writes of a placement or a release leave nothing leaked after repair. */
class LedgerRepairIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-repair");
  private static Berth berth;
  private static ContainerInstanceStore instances;
  private static TaskStore tasks;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    instances = new DynamoContainerInstanceStore(Emulator.dynamo(), berth.config);
    tasks = new DynamoTaskStore(Emulator.dynamo(), berth.config);
    berth.ecs.registerTaskDefinition(b -> b.family("repaired").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(100).memory(100).build()));
  }

  private static LedgerRepair repairAt(Instant now) {
    return berth.reconcilerAt(Clock.fixed(now, ZoneOffset.UTC)).repair();
  }

  private static ContainerInstance instanceOf(String cluster, String arn) {
    return instances.get(cluster, arn.substring(arn.lastIndexOf('/') + 1)).orElseThrow();
  }

  @Test
  void aReservationWhoseTaskWasNeverWrittenIsReleasedAfterTheGracePeriod() {
    berth.createCluster("crash");
    String arn = berth.registerInstance("crash", 1024, 1024);
    Instant crashedAt = Instant.now();
    String taskId = "0123456789abcdef0123456789abcdef";
    // The placement's first write succeeded; the process died before the task item was written.
    assertTrue(instances.reserve(instanceOf("crash", arn), taskId, new Resources(300, 200, Set.of(8080), Set.of()),
        "family:repaired", crashedAt).reserved());

    assertEquals(List.of(), repairAt(crashedAt.plusSeconds(30)).repair("crash"), "still inside the grace period");
    assertEquals(724, instanceOf("crash", arn).remainingCpu());

    List<String> released = repairAt(crashedAt.plus(Ledger.GRACE).plusSeconds(1)).repair("crash");
    assertEquals(1, released.size(), released.toString());
    ContainerInstance after = instanceOf("crash", arn);
    assertEquals(1024, after.remainingCpu());
    assertEquals(1024, after.remainingMemory());
    assertFalse(after.tcpPortsInUse().contains(8080));
    assertEquals(List.of(), berth.ledgerDrift("crash"));
    assertTrue(tasks.get("crash", taskId).isEmpty(), "the tombstone is not a task");
    assertFalse(tasks.createTombstone("crash", taskId, after.id(), Instant.now()), "the id stays claimed");
    assertEquals(List.of(), repairAt(Instant.now().plus(Ledger.GRACE).plusSeconds(1)).repair("crash"),
        "repairing again changes nothing");
  }

  @Test
  void aStoppedTaskWhoseReleaseWasInterruptedGetsItsResourcesBack() {
    berth.createCluster("interrupted");
    String arn = berth.registerInstance("interrupted", 1024, 1024);
    var placed = berth.ecs.runTask(b -> b.cluster("interrupted").taskDefinition("repaired")).tasks().get(0);
    String id = placed.taskArn().substring(placed.taskArn().lastIndexOf('/') + 1);
    var stored = tasks.get("interrupted", id).orElseThrow();
    // The task write of the release succeeded; the process died before the instance update.
    tasks.replace(stored.withState("STOPPED", stored.containers(), null, Instant.now(), Instant.now(), null, null,
        Instant.now(), "EssentialContainerExited", "exited", "STOPPED"), stored.version());
    assertEquals(924, instanceOf("interrupted", arn).remainingCpu());

    assertEquals(1, repairAt(Instant.now()).repair("interrupted").size());
    assertEquals(1024, instanceOf("interrupted", arn).remainingCpu());
    assertEquals(List.of(), berth.ledgerDrift("interrupted"));
    assertEquals(List.of(), repairAt(Instant.now()).repair("interrupted"), "released once");
  }

  @Test
  void aRunningTaskWhoseStopWasInterruptedIsReleasedByTheMinuteBeforeItsEventIsResent() {
    berth.createCluster("stopping");
    String arn = berth.registerInstance("stopping", 1024, 1024);
    String id = running("stopping");
    assertTrue(instanceOf("stopping", arn).reservations().get(id).running());
    var stored = tasks.get("stopping", id).orElseThrow();
    // The task write of the release succeeded; the process died before the instance update and the event.
    tasks.replace(stored.withState("STOPPED", stored.containers(), stored.startedAt(), Instant.now(), Instant.now(),
        null, null, Instant.now(), "EssentialContainerExited", "exited", "STOPPED"), stored.version());

    // the whole minute, a little later: the repair finds the stop by its pending event, before the event is re-sent
    Instant later = Instant.now().plus(dev.berth.core.events.EcsEvents.REDRIVE_AFTER).plusSeconds(1);
    List<String> changes = berth.reconcilerAt(Clock.fixed(later, ZoneOffset.UTC)).reconciler()
        .handle(dev.berth.core.services.ReconcileTarget.cluster("stopping"));
    assertTrue(changes.stream().anyMatch(c -> c.contains("STOPPED task " + id)), changes.toString());
    assertEquals(1024, instanceOf("stopping", arn).remainingCpu());
    assertEquals(List.of(), berth.ledgerDrift("stopping"));
  }

  @Test
  void aSteadyClusterCostsTheRepairNoTaskReads() {
    berth.createCluster("steady");
    berth.registerInstance("steady", 4096, 4096);
    for (int i = 0; i < 3; i++) {
      running("steady");
    }
    CountingTasks counted = new CountingTasks(tasks);
    var repair = new LedgerRepair(instances, counted, Clock.fixed(Instant.now().plus(Ledger.GRACE).plusSeconds(60),
        ZoneOffset.UTC), berth.reconcilerAt(Clock.systemUTC()).events());

    assertEquals(List.of(), repair.repair("steady"));
    assertEquals(List.of("pendingEventsBefore"), counted.calls, "only the sparse index of unsent events is read");
    assertEquals(List.of(), berth.ledgerDrift("steady"));
  }

  /** Places a task with RunTask, then records it RUNNING as the task-state function does (task, mark, event). */
  private static String running(String cluster) {
    var placed = berth.ecs.runTask(b -> b.cluster(cluster).taskDefinition("repaired")).tasks().get(0);
    String id = placed.taskArn().substring(placed.taskArn().lastIndexOf('/') + 1);
    var stored = tasks.get(cluster, id).orElseThrow();
    var now = Instant.now();
    tasks.replace(stored.withState("RUNNING", stored.containers(), now, null, null, null, null, null, null, null,
        "RUNNING"), stored.version());
    assertTrue(instances.markRunning(cluster, stored.containerInstanceId(), id));
    berth.reconcilerAt(Clock.systemUTC()).events().taskChanged(cluster, id);
    return id;
  }

  /** The task store, recording which of its reads were made. */
  private static final class CountingTasks implements TaskStore {
    private final TaskStore store;
    final List<String> calls = new java.util.ArrayList<>();

    CountingTasks(TaskStore store) {
      this.store = store;
    }

    @Override
    public java.util.Optional<dev.berth.core.store.Pending<dev.berth.model.Task>> pendingEvent(String cluster,
        String id) {
      calls.add("pendingEvent");
      return store.pendingEvent(cluster, id);
    }

    @Override
    public boolean clearPendingEvent(String cluster, String id, long version) {
      return store.clearPendingEvent(cluster, id, version);
    }

    @Override
    public List<String> pendingEventsBefore(String cluster, Instant before) {
      calls.add("pendingEventsBefore");
      return store.pendingEventsBefore(cluster, before);
    }

    @Override
    public java.util.Optional<dev.berth.model.Task> get(String cluster, String id) {
      calls.add("get");
      return store.get(cluster, id);
    }

    @Override
    public java.util.Map<String, dev.berth.model.Task> getAll(String cluster, java.util.Collection<String> ids) {
      calls.add("getAll");
      return store.getAll(cluster, ids);
    }

    @Override
    public boolean createTombstone(String cluster, String id, String instanceId, Instant at) {
      return store.createTombstone(cluster, id, instanceId, at);
    }

    @Override
    public boolean create(dev.berth.model.Task task) {
      return store.create(task);
    }

    @Override
    public void replace(dev.berth.model.Task task, long expectedVersion) {
      store.replace(task, expectedVersion);
    }

    @Override
    public List<dev.berth.model.Task> inCluster(String cluster) {
      calls.add("inCluster");
      return store.inCluster(cluster);
    }

    @Override
    public List<dev.berth.model.Task> listByContainerInstance(String instanceId) {
      calls.add("listByContainerInstance");
      return store.listByContainerInstance(instanceId);
    }
  }
}
