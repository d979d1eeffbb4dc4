package dev.berth.core.services;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TargetGroups;
import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.core.store.memory.StoreHooks;
import dev.berth.core.testing.InMemoryCore;
import dev.berth.model.Cluster;
import dev.berth.model.Container;
import dev.berth.model.NetworkBinding;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.LoadBalancer;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.TaskDefinitionRevision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A load-balanced service's life (two tasks launched, registered, made healthy, then scaled to zero:
 * deregistered, drained, stopped) with the reconcile pass crashing at one write: each write of the
 * life in turn, before it is applied or after (applied, unheard of). After every write the rules of
 * {@link ServiceTargets} must hold: a target in its group (registered or draining) has a record, and
 * no task is handed to its agent to stop while its target is still in its group. After the crash
 * the service is left to later passes, and at the end its group and its records are empty.
 */
class ServiceTargetsCrashTest {
  private static final String CLUSTER = "c";
  private static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";
  private static final int DELAY = 30;
  private static final int ROUNDS = 14;

  /** A pass dying at a write. */
  private static final class Crash extends RuntimeException {
    Crash() {
      super("crashed", null, false, false);
    }
  }

  /** Counts the passes' writes, crashes at the chosen one, and checks the rules after each write. */
  private static final class Hooks implements StoreHooks {
    final int crashAt;
    final boolean afterApplied;
    boolean counting;
    int writes;
    boolean crashed;
    Runnable check = () -> { };

    Hooks(int crashAt, boolean afterApplied) {
      this.crashAt = crashAt;
      this.afterApplied = afterApplied;
    }

    @Override
    public void beforeWrite(String store, String operation) {
      if (counting && ++writes == crashAt && !afterApplied) {
        crashed = true;
        throw new Crash();
      }
    }

    @Override
    public void afterWrite(String store, String operation) {
      check.run();
      if (counting && writes == crashAt && afterApplied && !crashed) {
        crashed = true;
        throw new Crash();
      }
    }
  }

  /** What one life did: its writes, and the rules it broke. */
  private record Life(int writes, boolean crashed, List<String> broken, Set<String> leftInGroup,
      Set<String> leftRecorded, int healthyAtOnce) {}

  private static Life live(int crashAt, boolean afterApplied) {
    ManualClock clock = new ManualClock(T0);
    Hooks hooks = new Hooks(crashAt, afterApplied);
    InMemoryStores stores = new InMemoryStores(clock, hooks);
    List<String> broken = new ArrayList<>();
    int[] healthy = {0};
    hooks.check = () -> healthy[0] = Math.max(healthy[0], check(stores, broken));
    stores.clusters.put(new Cluster(CLUSTER, Cluster.ACTIVE, T0, 1, List.of(), List.of()), 0);
    stores.taskDefinitions.create(Fixtures.definition("web", 1));
    stores.containerInstances.put(Fixtures.instance(CLUSTER, "a", 4096, 4096, Set.of(), List.of()), 0);
    stores.heartbeats.record(CLUSTER, "a", T0);
    stores.targetGroups.define(new TargetGroups.Info(GROUP, "instance", List.of("lb")), DELAY);
    stores.services.create(service(2), 0, T0);
    ServiceReconciler reconciler = InMemoryCore.over(stores, clock).services();

    for (int round = 0; round < ROUNDS; round++) {
      if (round == 4) {
        scaleToZero(stores, clock);
      }
      hooks.counting = true;
      try {
        reconciler.reconcile(CLUSTER, "web");
      } catch (Crash dead) {
        clock.advance(ServiceReconciler.LEASE); // its lease runs out
      } finally {
        hooks.counting = false;
      }
      clock.advance(Duration.ofSeconds(DELAY + 1));
      agent(stores, clock);
    }
    Set<String> inGroup = new TreeSet<>();
    stores.targetGroups.health(GROUP).forEach(h -> inGroup.add(h.id() + ":" + h.port() + " " + h.state()));
    Set<String> recorded = stores.services.observe(CLUSTER, "web").orElseThrow().targets().keySet();
    return new Life(hooks.writes, hooks.crashed, broken, inGroup, recorded, healthy[0]);
  }

  private static ServiceState service(int desired) {
    var td = new TaskDefinitionRevision("web", 1);
    Service sv = new Service(CLUSTER, "web", ServiceStatus.ACTIVE, td, desired, SchedulingStrategy.REPLICA, null,
        null, null, T0, 1, null, null, null, 0, null, List.of(new LoadBalancer(GROUP, "app", 80)), null);
    return new ServiceState(sv, List.of(Deployment.start("ecs-svc/1234567890123456789", td, desired, T0)), Set.of(),
        "fp");
  }

  /** UpdateService to desired 0, under the lease as the API takes it. */
  private static void scaleToZero(InMemoryStores stores, ManualClock clock) {
    var held = stores.services.acquire(CLUSTER, "web", "api", clock.instant(), clock.instant().plusSeconds(30))
        .orElseThrow();
    ServiceState s = held.state();
    List<Deployment> deployments = s.deployments().stream().map(d -> d.withDesiredCount(0)).toList();
    assertEquals(ServiceStore.Saved.RELEASED,
        stores.services.save(s.with(s.service().withDesiredCount(0), deployments), "api", held.wakeups(), null));
  }

  /**
   * The agent and the load balancer between passes: tasks start (RUNNING, with a host port for
   * container port 80), targets pass their health checks, and tasks told to stop stop.
   */
  private static void agent(InMemoryStores stores, ManualClock clock) {
    int port = 32768;
    for (Task t : stores.tasks.inCluster(CLUSTER)) {
      port++;
      if (t.status() == TaskStatus.PENDING && TaskStatus.RUNNING.name().equals(t.desiredStatus())) {
        List<Container> running = new ArrayList<>();
        for (Container c : t.containers()) {
          running.add(new Container(c.id(), c.name(), c.image(), c.runtimeId(), "RUNNING", null, null,
              List.of(new NetworkBinding("0.0.0.0", 80, port, "tcp")), c.cpu(), c.memory(), c.memoryReservation()));
        }
        stores.tasks.replace(t.withState("RUNNING", running, clock.instant(), null, null, null, null, null, null,
            null, t.desiredStatus()), t.version());
      } else if (t.status() == TaskStatus.STOPPING) {
        stores.tasks.replace(t.withState("STOPPED", t.containers(), t.startedAt(), t.stoppingAt(), clock.instant(),
            null, null, clock.instant(), t.stopCode(), t.stoppedReason(), "STOPPED"), t.version());
      }
    }
    stores.targetGroups.health(GROUP).stream().filter(h -> h.state().equals("initial"))
        .forEach(h -> stores.targetGroups.setHealth(GROUP, h.id(), h.port(), "healthy", null));
  }

  /** The rules, as they stand after a write; returns how many targets are healthy. */
  private static int check(InMemoryStores stores, List<String> broken) {
    var state = stores.services.observe(CLUSTER, "web").orElse(null);
    if (state == null) {
      return 0;
    }
    Map<String, String> recorded = new HashMap<>(); // "instance:port" -> task id
    state.targets().forEach((taskId, t) -> t.targets().forEach(x -> recorded.put(x.id() + ":" + x.port(), taskId)));
    Map<String, Task> byTarget = new HashMap<>();
    for (Task t : stores.tasks.inCluster(CLUSTER)) {
      t.containers().forEach(c -> c.networkBindings().forEach(b ->
          byTarget.put("i-0123456789:" + b.hostPort(), t)));
    }
    int healthy = 0;
    for (TargetGroups.Health h : stores.targetGroups.health(GROUP)) {
      String target = h.id() + ":" + h.port();
      healthy += h.state().equals("healthy") ? 1 : 0;
      if (!h.state().equals("draining") && !recorded.containsKey(target)) {
        broken.add("target " + target + " (" + h.state() + ") is registered without a record");
      }
      Task task = byTarget.get(target);
      if (task != null && (task.status() == TaskStatus.STOPPING || task.stopped())) {
        broken.add("task " + task.id() + " was told to stop while its target " + target + " is " + h.state());
      }
    }
    return healthy;
  }

  static List<Object[]> crashes() {
    int writes = live(0, false).writes();
    List<Object[]> out = new ArrayList<>();
    for (int at = 1; at <= writes; at++) {
      out.add(new Object[] {at, false});
      out.add(new Object[] {at, true});
    }
    return out;
  }

  @ParameterizedTest(name = "crash at write {0}, after it was applied: {1}")
  @MethodSource("crashes")
  void noTargetIsEverInItsGroupWithoutARecordAndNoneOutlivesItsTask(int crashAt, boolean afterApplied) {
    Life life = live(crashAt, afterApplied);
    assertTrue(life.crashed(), "the life reached write " + crashAt);
    assertEquals(List.of(), life.broken());
    assertEquals(Set.of(), life.leftInGroup(), "every target deregistered and drained");
    assertEquals(Set.of(), life.leftRecorded(), "every record forgotten");
  }

  @Test
  void withoutACrashBothTasksServeAndTheLifeEndsWithNothingRegistered() {
    Life life = live(0, false);
    assertEquals(2, life.healthyAtOnce(), "both tasks were healthy in the group");
    assertEquals(List.of(), life.broken());
    assertEquals(Set.of(), life.leftInGroup());
    assertEquals(Set.of(), life.leftRecorded());
  }
}
