package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.ledger.LedgerAudit;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** Crashes between the two writes of a placement or a release leave nothing leaked after repair. */
class LedgerRepairIT {
  private static Berth berth;
  private static ContainerInstanceStore instances;
  private static TaskStore tasks;

  @BeforeAll
  static void start() throws Exception {
    berth = Berth.startWithoutPoller("it-repair");
    instances = new DynamoContainerInstanceStore(Emulator.dynamo(), berth.config);
    tasks = new DynamoTaskStore(Emulator.dynamo(), berth.config);
    berth.ecs.registerTaskDefinition(b -> b.family("repaired").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(100).memory(100).build()));
  }

  @AfterAll
  static void stop() {
    berth.close();
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

    List<String> released = repairAt(crashedAt.plus(LedgerAudit.GRACE).plusSeconds(1)).repair("crash");
    assertEquals(1, released.size(), released.toString());
    ContainerInstance after = instanceOf("crash", arn);
    assertEquals(1024, after.remainingCpu());
    assertEquals(1024, after.remainingMemory());
    assertFalse(after.tcpPortsInUse().contains(8080));
    assertEquals(List.of(), berth.ledgerDrift("crash"));
    assertTrue(tasks.get("crash", taskId).isEmpty(), "the tombstone is not a task");
    assertFalse(tasks.createTombstone("crash", taskId, after.id(), Instant.now()), "the id stays claimed");
    assertEquals(List.of(), repairAt(Instant.now().plus(LedgerAudit.GRACE).plusSeconds(1)).repair("crash"),
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
}
