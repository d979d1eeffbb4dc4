package dev.berth.core.store.contract;

import static dev.berth.core.store.contract.Fixtures.T0;
import static dev.berth.core.store.contract.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.TaskStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every TaskStore does: conditional create, versioned replace, tombstones, batch reads, event marks. */
public abstract class TaskStoreContract {
  protected final ManualClock clock = new ManualClock(T0);
  private TaskStore store;
  private String cluster;

  protected abstract TaskStore newStore(Clock clock);

  @BeforeEach
  void setUp() {
    store = newStore(clock);
    cluster = Fixtures.unique("tasks");
  }

  @Test
  void aTaskIsCreatedOnceAndReplacedOnlyFromTheVersionRead() {
    Task t = task(cluster, "t1", "ci-1", 1);
    assertTrue(store.create(t));
    assertFalse(store.create(t.withTags(List.of())), "a retried placement writes nothing");
    assertEquals(t, store.get(cluster, "t1").orElseThrow());

    Task running = t.withState("RUNNING", t.containers(), T0, null, null, null, null, null, null, null, "RUNNING");
    store.replace(running, 1);
    assertEquals(running, store.get(cluster, "t1").orElseThrow());
    assertEquals(2, store.get(cluster, "t1").orElseThrow().version());
    assertThrows(OptimisticLockException.class, () -> store.replace(running.withTags(List.of()), 1), "stale");
    assertThrows(OptimisticLockException.class, () -> store.replace(task(cluster, "t9", "ci-1", 2), 1), "missing");
    assertTrue(store.get(cluster, "t9").isEmpty());
  }

  @Test
  void aTaskReadsBackAsTheTableKeepsIt() {
    Task precise = new Task(cluster, "t1", "web", 1, "ci-1", null, "PENDING", "RUNNING",
        new dev.berth.model.Resources(128, 256, Set.of(8080), Set.of()), List.of(), null, null, "family:web",
        T0.plusNanos(1_234_567), null, null, null, null, null, null, null, null, 1,
        List.of(new dev.berth.model.Tag("team", null)));
    store.create(precise);
    Task read = store.get(cluster, "t1").orElseThrow();
    assertEquals(T0.plusMillis(1), read.createdAt(), "to the millisecond");
    assertEquals(List.of(new dev.berth.model.Tag("team", "")), read.tags());
    assertEquals(Set.of(8080), read.reservation().tcpPorts());
  }

  @Test
  void aTombstoneClaimsAnIdAndHidesFromEveryRead() {
    assertTrue(store.createTombstone(cluster, "orphan", "ci-1", T0));
    assertFalse(store.createTombstone(cluster, "orphan", "ci-1", T0), "claimed already");
    assertFalse(store.create(task(cluster, "orphan", "ci-1", 1)), "a slow placement cannot write it any more");
    assertTrue(store.get(cluster, "orphan").isEmpty());
    assertTrue(store.getAll(cluster, List.of("orphan")).isEmpty());
    assertTrue(store.inCluster(cluster).isEmpty());
    assertTrue(store.listByContainerInstance("ci-1").stream().noneMatch(t -> t.id().equals("orphan")));
    assertTrue(store.pendingEvent(cluster, "orphan").isEmpty());
    assertThrows(OptimisticLockException.class, () -> store.replace(task(cluster, "orphan", "ci-1", 2), 1));

    assertTrue(store.create(task(cluster, "live", "ci-1", 1)));
    assertFalse(store.createTombstone(cluster, "live", "ci-1", T0), "the task took the id first");
    assertTrue(store.get(cluster, "live").isPresent());
  }

  @Test
  void getAllReadsAHundredAtATimeAndLeavesOutWhatIsNotThere() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      String id = String.format("t%03d", i);
      ids.add(id);
      if (i % 10 != 3) {
        assertTrue(store.create(task(cluster, id, "ci-1", 1)));
      }
    }
    assertTrue(store.createTombstone(cluster, "t003", "ci-1", T0));
    var found = store.getAll(cluster, ids);
    assertEquals(117, found.size());
    assertFalse(found.containsKey("t013"));
    assertFalse(found.containsKey("t003"), "a tombstone is not a task");
    assertEquals("t129", found.get("t129").id());
    assertTrue(store.getAll(cluster, List.of()).isEmpty());
  }

  @Test
  void aClusterListsInIdOrderAndAnInstanceListsItsOwnTasks() {
    String instance = Fixtures.unique("ci");
    store.create(task(cluster, "c", instance, 1));
    store.create(task(cluster, "a", instance, 1));
    store.create(task(cluster, "b", "elsewhere", 1));
    assertEquals(List.of("a", "b", "c"), store.inCluster(cluster).stream().map(Task::id).toList());
    assertEquals(List.of("a", "c"), store.listByContainerInstance(instance).stream().map(Task::id).toList());
    assertEquals(List.of(), store.listByContainerInstance(Fixtures.unique("ci")));
  }

  @Test
  void everyWriteMarksTheEventPendingUntilItsVersionIsConfirmed() {
    Task t = task(cluster, "t1", "ci-1", 1);
    store.create(t);
    assertEquals(T0, store.pendingEvent(cluster, "t1").orElseThrow().changedAt());
    assertEquals(t, store.pendingEvent(cluster, "t1").orElseThrow().value());
    assertTrue(store.clearPendingEvent(cluster, "t1", 1));
    assertTrue(store.pendingEvent(cluster, "t1").isEmpty());
    assertFalse(store.clearPendingEvent(cluster, "t1", 1));

    clock.advance(Duration.ofSeconds(3));
    Task stopped = Fixtures.stopped(t, T0);
    store.replace(stopped, 1);
    assertEquals(T0.plusSeconds(3), store.pendingEvent(cluster, "t1").orElseThrow().changedAt());
    assertFalse(store.clearPendingEvent(cluster, "t1", 1), "a newer write keeps its mark");
    clock.advance(Duration.ofSeconds(3));
    store.create(task(cluster, "t0", "ci-1", 1));
    assertEquals(List.of("t1", "t0"), store.pendingEventsBefore(cluster, T0.plusSeconds(10)), "oldest mark first");
    assertEquals(List.of("t1"), store.pendingEventsBefore(cluster, T0.plusSeconds(6)));
    assertEquals(new TreeSet<>(Set.of("t0", "t1")),
        new TreeSet<>(store.getAll(cluster, List.of("t0", "t1", "t2")).keySet()));
  }
}
