package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.ledger.Ledger;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.Resources;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.testing.Emulator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Missing instances and ledger repair as the scheduled sweep drives them: an instance whose agent
 * goes silent is disconnected, then lost, and its service tasks come back on the other instances;
 * a reservation left by a crash between a placement's two writes is released.
 */
class MissingInstanceIT {
  private static final OffsetClock CLOCK = new OffsetClock();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-missing", CLOCK);
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.ecs.registerTaskDefinition(b -> b.family("app").containerDefinitions(
        ContainerDefinition.builder().name("app").image("app:1").cpu(256).memory(64).build()));
  }

  private static List<Task> live(FakeAgent agent) {
    return agent.tasks().stream()
        .filter(t -> "service:web".equals(t.group()) && !"STOPPED".equals(t.lastStatus()))
        .toList();
  }

  @Test
  void aLostInstancesServiceTasksComeBackElsewhere() throws Exception {
    berth.createCluster("missing");
    String doomed = berth.registerInstance("missing", 2048, 2048);
    FakeAgent agent = new FakeAgent(berth, "missing");
    berth.ecs.createService(b -> b.cluster("missing").serviceName("web").taskDefinition("app").desiredCount(3));
    agent.reconcile();
    agent.report();
    assertEquals(3, live(agent).stream().filter(t -> t.containerInstanceArn().equals(doomed)).count());
    String a = berth.registerInstance("missing", 2048, 2048);
    String b = berth.registerInstance("missing", 2048, 2048);
    agent.kill(doomed);

    // Two minutes of silence (more than 3 missed 30 s heartbeats): disconnected, tasks untouched.
    CLOCK.advance(Duration.ofSeconds(120));
    berth.heartbeat("missing", a);
    berth.heartbeat("missing", b);
    agent.sweep();
    var instance = berth.describeInstance("missing", doomed);
    assertFalse(instance.agentConnected());
    assertEquals("ACTIVE", instance.status());
    assertEquals(3, live(agent).size(), "a disconnected agent's tasks keep running");

    // Past the 10-minute lost-after period: lost, its tasks stopped and released, and replaced.
    CLOCK.advance(Duration.ofSeconds(500));
    berth.heartbeat("missing", a);
    berth.heartbeat("missing", b);
    agent.sweep();   // the sweep that finds it lost (its service is woken and replaces the tasks)
    agent.report();
    agent.sweep();   // one more sweep
    agent.report();
    assertEquals("INACTIVE", berth.describeInstance("missing", doomed).status());
    List<Task> web = live(agent);
    assertEquals(3, web.size(), web.toString());
    assertTrue(web.stream().allMatch(t -> "RUNNING".equals(t.lastStatus()) && !t.containerInstanceArn().equals(doomed)));
    assertTrue(agent.tasks().stream().filter(t -> t.containerInstanceArn().equals(doomed))
        .allMatch(t -> "STOPPED".equals(t.lastStatus()) && "TerminationNotice".equals(t.stopCodeAsString())));
    assertEquals(2048, Berth.remaining(berth.describeInstance("missing", doomed), "CPU"), "nothing leaks");
    assertEquals(List.of(), berth.ledgerDrift("missing"));
    assertEquals(400, berth.heartbeat("missing", doomed).statusCode(), "its agent is told to register again");
  }

  @Test
  void theSweepReleasesAReservationLeftByACrashBetweenTheTwoPlacementWrites() throws Exception {
    berth.createCluster("crash");
    String arn = berth.registerInstance("crash", 1024, 1024);
    String id = arn.substring(arn.lastIndexOf('/') + 1);
    var instances = new DynamoContainerInstanceStore(Emulator.dynamo(), berth.config);
    // A placement's first write (the reservation) without its second (the task item).
    assertTrue(instances.reserve(instances.get("crash", id).orElseThrow(), "00000000000000000000000000c0ffee",
        new Resources(512, 256, Set.of(), Set.of()), "service:web", CLOCK.instant()).reserved());
    FakeAgent agent = new FakeAgent(berth, "crash");
    agent.sweep();
    assertEquals(512, Berth.remaining(berth.describeInstance("crash", arn), "CPU"), "inside the grace period: kept");

    CLOCK.advance(Ledger.GRACE.plusSeconds(1));
    berth.heartbeat("crash", arn);
    agent.sweep();
    assertEquals(1024, Berth.remaining(berth.describeInstance("crash", arn), "CPU"), "released by the sweep");
    assertEquals(List.of(), berth.ledgerDrift("crash"));
  }
}
