package dev.berth.core.services;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.core.tasks.StateChange;
import dev.berth.core.testing.InMemoryCore;
import dev.berth.core.testing.Interleave;
import dev.berth.model.Cluster;
import dev.berth.model.Task;
import dev.berth.model.service.ServiceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Triggers through the reconcile queue, as the reconciler function receives them: a message whose
 * trigger a saved pass has already read makes no pass, so a burst of task changes costs one pass,
 * not one per change; a trigger the pass did not read still makes one.
 */
class TriggerCoalescingTest {
  private static final String CLUSTER = "c";

  private final ManualClock clock = new ManualClock(T0);
  private final Interleave interleave = new Interleave();
  private final InMemoryStores stores = new InMemoryStores(clock, interleave);
  private InMemoryCore core;

  @BeforeEach
  void setUp() {
    stores.clusters.put(new Cluster(CLUSTER, Cluster.ACTIVE, T0, 1, List.of(), List.of()), 0);
    stores.taskDefinitions.create(Fixtures.definition("web", 1));
    stores.containerInstances.put(Fixtures.instance(CLUSTER, "a", 4096, 4096, Set.of(), List.of()), 0);
    stores.heartbeats.record(CLUSTER, "a", T0);
    core = InMemoryCore.over(stores, clock);
  }

  /** A service of {@code desired} tasks, launched by a first pass; its messages so far consumed. */
  private List<Task> launched(int desired) {
    ServiceState s = Fixtures.service(CLUSTER, "web", 1);
    stores.services.create(Fixtures.withDesired(s, desired), 0, T0);
    assertEquals(desired, core.services().reconcile(CLUSTER, "web").launched());
    received();
    return stores.tasks.inCluster(CLUSTER);
  }

  /** Every visible message on the reconcile queue, received and deleted. */
  private List<ReconcileTarget> received() {
    var queue = stores.reconcileQueue.queue();
    List<ReconcileTarget> out = new ArrayList<>();
    clock.advance(Duration.ofMinutes(15)); // past any timer's delay
    for (var m : queue.receive(Integer.MAX_VALUE, Duration.ofMinutes(1))) {
      out.add(ReconcileTarget.fromJson(m.body()));
      queue.delete(m.receiptHandle());
    }
    return out;
  }

  /** The triggers' messages among {@code messages} (not the timers'). */
  private static List<ReconcileTarget> triggered(List<ReconcileTarget> messages) {
    return messages.stream().filter(t -> t.wakeups() != ServiceStore.NO_WAKEUP).toList();
  }

  /** The task's agent reports it RUNNING (its write, then the trigger). */
  private void running(Task task) {
    core.taskStateChanges().apply(new StateChange(StateChange.TASK, CLUSTER, task.id(), "RUNNING", null, List.of(),
        null, null, null, clock.instant()));
  }

  private List<ServiceReconciler.Outcome> deliver(List<ReconcileTarget> targets) {
    return targets.stream().map(t -> core.services().reconcile(t.cluster(), t.service(), t.wakeups())).toList();
  }

  private static int passes(List<ServiceReconciler.Outcome> outcomes) {
    return outcomes.stream().mapToInt(ServiceReconciler.Outcome::passes).sum();
  }

  private int runningCount() {
    return stores.services.get(CLUSTER, "web").orElseThrow().deployments().get(0).runningCount();
  }

  @Test
  void fiveTasksStartingMakeOnePassNotFive() {
    launched(5).forEach(this::running);
    List<ReconcileTarget> messages = received();
    assertEquals(5, messages.size(), "a trigger per task that started");
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L), messages.stream().map(ReconcileTarget::wakeups).toList(),
        "each carries the count its trigger set");

    var outcomes = deliver(messages);
    assertEquals(1, passes(outcomes), "the first message's pass read all five changes");
    assertTrue(outcomes.get(0).held());
    assertTrue(outcomes.subList(1, 5).stream().allMatch(ServiceReconciler.Outcome::passed));
    assertEquals(5, runningCount(), "and saw every task running");
    assertTrue(stores.services.due(CLUSTER, clock.instant()).isEmpty(), "nothing left for the sweep");
  }

  @Test
  void theSameMessagesWithoutTheirCountsMakeAPassEach() {
    launched(5).forEach(this::running);
    var uncounted = received().stream().map(t -> ReconcileTarget.service(t.cluster(), t.service())).toList();
    assertEquals(5, passes(deliver(uncounted)), "as the sweep's and the timers' messages do");
  }

  @Test
  void aDuplicateOfACoveredMessagePassesNothing() {
    launched(1).forEach(this::running);
    ReconcileTarget message = received().get(0);
    var outcomes = deliver(List.of(message, message, message));
    assertEquals(1, passes(outcomes), "the first delivery passes once");
    assertTrue(outcomes.get(1).passed() && outcomes.get(2).passed(), "its copies not at all");
  }

  @Test
  void aTriggerDuringAPassMakesTheHolderPassAgainAndItsMessageThenPassesNothing() {
    List<Task> tasks = launched(2);
    running(tasks.get(0));
    List<ReconcileTarget> first = received();
    interleave.beforeNextWrite("ServiceStore", "save", () -> running(tasks.get(1)));
    var outcome = deliver(first).get(0);
    assertTrue(outcome.held());
    assertEquals(2, outcome.passes(), "the wake during the first pass kept the lease for a second");
    assertEquals(2, runningCount());

    List<ReconcileTarget> second = triggered(received());
    assertEquals(1, second.size());
    assertTrue(deliver(second).get(0).passed(), "the second pass read its change");
  }

  @Test
  void aTriggerAfterThePassStillMakesOne() {
    List<Task> tasks = launched(2);
    running(tasks.get(0));
    assertEquals(1, passes(deliver(received())));
    running(tasks.get(1));
    var outcomes = deliver(received());
    assertEquals(1, passes(outcomes));
    assertFalse(outcomes.get(0).passed());
    assertEquals(2, runningCount());
  }

  /** Stands for the function dying mid-pass; an Error, so no handler catches it on the way. */
  private static final class Crash extends Error {}

  @Test
  void aPassThatDiesBeforeItsSaveLeavesItsTriggerToTheRedeliveredMessage() {
    launched(1).forEach(this::running);
    List<ReconcileTarget> messages = received();
    interleave.beforeNextWrite("ServiceStore", "save", () -> {
      throw new Crash();
    });
    assertThrows(Crash.class, () -> deliver(messages));
    clock.advance(ServiceReconciler.LEASE.plusSeconds(1));
    var redelivered = deliver(messages).get(0);
    assertTrue(redelivered.held(), "nothing was recorded as passed");
    assertEquals(1, redelivered.passes());
    assertEquals(1, runningCount());
  }

  @Test
  void aMessageSentBeforeMessagesCarriedACountAlwaysPasses() {
    launched(1).forEach(this::running);
    assertEquals(1, passes(deliver(received())));
    ReconcileTarget old = ReconcileTarget.fromJson("{\"cluster\":\"c\",\"service\":\"web\"}");
    assertEquals(ServiceStore.NO_WAKEUP, old.wakeups());
    assertEquals(1, passes(deliver(List.of(old))));
  }
}
