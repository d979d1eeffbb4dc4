package dev.berth.core.store.contract;

import static dev.berth.core.store.contract.Fixtures.T0;
import static dev.berth.core.store.contract.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.ServiceStore.Saved;
import dev.berth.core.store.ServiceStore.Summary;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.service.Service;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.Target;
import dev.berth.model.service.TaskTargets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every ServiceStore does: leases that one holder has at a time and that run out, wakeups that
 * keep the holder's lease for another pass, task ids and registered targets kept apart from the
 * service (target records fenced by the lease number), the due index, and pending-event marks.
 */
public abstract class ServiceStoreContract {
  protected static final Duration LEASE = Duration.ofSeconds(30);
  protected static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

  protected final ManualClock clock = new ManualClock(T0);
  protected ServiceStore store;
  protected String cluster;

  protected abstract ServiceStore newStore(Clock clock);

  @BeforeEach
  void setUp() {
    store = newStore(clock);
    cluster = Fixtures.unique("svc");
  }

  protected Instant now() {
    return clock.instant();
  }

  /** One target per task, on an instance of its own. */
  protected static TaskTargets targets(String instance, int port, boolean healthy) {
    return new TaskTargets(List.of(new Target(GROUP, instance, port)), healthy);
  }

  /** A pass's lease (numbered). */
  protected ServiceStore.Held acquire(String name, String owner) {
    return store.acquireUnlessPassed(cluster, name, ServiceStore.NO_WAKEUP, owner, now(), now().plus(LEASE)).held()
        .orElseThrow();
  }

  @Test
  void aCommandsLeaseKeepsTheLeaseNumberSoARefusedCommandLeavesTheServiceAsItWas() {
    store.create(service(cluster, "web", 1), 0, T0);
    long before = acquire("web", "pass-1").lease();
    store.release(cluster, "web", "pass-1");
    var command = store.acquire(cluster, "web", "update-1", now(), now().plus(LEASE)).orElseThrow();
    assertEquals(before, command.lease(), "a command writes no target records: it takes no number");
    assertTrue(store.acquire(cluster, "web", "update-2", now(), now().plus(LEASE)).isEmpty(), "still one holder");
    store.release(cluster, "web", "update-1");
    assertTrue(acquire("web", "pass-2").lease() > before, "the next pass's number is above every earlier pass's");
  }

  @Test
  void aServiceIsCreatedOnceAndANameIsReusedOnlyAfterItsServiceIsInactive() {
    store.create(service(cluster, "web", 1), 0, T0);
    assertEquals(1, store.get(cluster, "web").orElseThrow().service().version());
    assertTrue(store.exists(cluster, "web"));
    assertThrows(OptimisticLockException.class, () -> store.create(service(cluster, "web", 1), 0, T0));
    assertThrows(OptimisticLockException.class, () -> store.create(service(cluster, "web", 1), 1, T0),
        "the service it would replace is ACTIVE");

    var held = acquire("web", "pass-1");
    assertEquals(Saved.RELEASED, store.save(Fixtures.inactive(held.state()), "pass-1", held.wakeups(), null));
    assertThrows(OptimisticLockException.class, () -> store.create(service(cluster, "web", 1), 1, T0),
        "not the version it has");
    store.create(service(cluster, "web", 1), 2, T0);
    var again = acquire("web", "pass-2");
    assertEquals(ServiceStatus.ACTIVE, again.state().service().status());
    assertEquals(1, again.wakeups(), "a new service starts with one wakeup");
    assertFalse(store.exists(cluster, "other"));
  }

  @Test
  void oneHolderAtATimeUntilTheLeaseRunsOut() {
    store.create(service(cluster, "web", 1), 0, T0);
    var held = acquire("web", "pass-1");
    assertEquals(1, held.wakeups());
    assertEquals(1, held.state().service().version(), "taking a lease changes no version");
    assertTrue(store.acquire(cluster, "web", "pass-2", now(), now().plus(LEASE)).isEmpty(), "held");
    assertTrue(store.acquire(cluster, "nothing", "pass-2", now(), now().plus(LEASE)).isEmpty(), "no service");

    clock.advance(LEASE);
    assertTrue(store.acquire(cluster, "web", "pass-2", now(), now().plus(LEASE)).isEmpty(),
        "held up to its last instant");
    clock.advance(Duration.ofMillis(1));
    var taken = acquire("web", "pass-2");
    assertEquals(1, taken.state().service().version());

    assertEquals(Saved.LEASE_LOST,
        store.save(Fixtures.withDesired(held.state(), 5), "pass-1", held.wakeups(), now()));
    assertEquals(2, store.get(cluster, "web").orElseThrow().service().desiredCount(), "not saved");
    assertTrue(store.acquireAgain(cluster, "web", "pass-1", now().plus(LEASE)).isEmpty());
    assertFalse(store.addTaskIds(cluster, "web", "pass-1", Set.of("t1")));
    store.release(cluster, "web", "pass-1");
    assertTrue(store.acquire(cluster, "web", "pass-3", now(), now().plus(LEASE)).isEmpty(),
        "a lost holder's release lets nothing go");
  }

  @Test
  void aHolderRenewsItsLeaseUntilAnotherTakesIt() {
    store.create(service(cluster, "web", 1), 0, T0);
    acquire("web", "pass-1");
    clock.advance(LEASE);
    assertTrue(store.renew(cluster, "web", "pass-1", now().plus(LEASE)));
    clock.advance(LEASE);
    assertTrue(store.acquire(cluster, "web", "pass-2", now(), now().plus(LEASE)).isEmpty(), "renewed: still held");
    assertFalse(store.renew(cluster, "web", "pass-2", now().plus(LEASE)), "only the holder renews");
    assertFalse(store.renew(cluster, "nothing", "pass-1", now().plus(LEASE)), "no service");

    clock.advance(Duration.ofMillis(1));
    assertTrue(store.renew(cluster, "web", "pass-1", now().plus(LEASE)), "run out, but nobody took it");
    clock.advance(LEASE.plusMillis(1));
    acquire("web", "pass-2");
    assertFalse(store.renew(cluster, "web", "pass-1", now().plus(LEASE)), "taken: lost");
    assertFalse(store.addTaskIds(cluster, "web", "pass-1", Set.of("t1")));
    assertEquals(1, store.get(cluster, "web").orElseThrow().service().version(), "renewing changes no version");
  }

  @Test
  void aSaveWithNoWakeupSinceTheReadLetsTheLeaseGo() {
    store.create(service(cluster, "web", 1), 0, T0);
    var held = acquire("web", "pass-1");
    assertEquals(Saved.RELEASED, store.save(Fixtures.withDesired(held.state(), 3), "pass-1", held.wakeups(), null));
    var saved = store.get(cluster, "web").orElseThrow();
    assertEquals(3, saved.service().desiredCount());
    assertEquals(2, saved.service().version(), "a save moves the version by one");
    acquire("web", "pass-2");
  }

  @Test
  void aWakeDuringALeaseMakesTheHolderPassAgain() {
    store.create(service(cluster, "web", 1), 0, T0);
    var held = acquire("web", "pass-1");
    assertEquals(OptionalLong.of(2), store.wake(cluster, "web", now()), "the count the wake set");
    assertEquals(Saved.WOKEN, store.save(Fixtures.withDesired(held.state(), 3), "pass-1", held.wakeups(), null));
    assertEquals(3, store.get(cluster, "web").orElseThrow().service().desiredCount(), "saved all the same");
    assertTrue(store.acquire(cluster, "web", "pass-2", now(), now().plus(LEASE)).isEmpty(), "lease kept");

    var again = store.acquireAgain(cluster, "web", "pass-1", now().plus(LEASE)).orElseThrow();
    assertEquals(2, again.wakeups());
    assertEquals(3, again.state().service().desiredCount());
    assertEquals(2, again.state().service().version());
    assertEquals(Saved.RELEASED, store.save(again.state(), "pass-1", again.wakeups(), null));
    assertEquals(3, store.get(cluster, "web").orElseThrow().service().version());
    acquire("web", "pass-2");
  }

  @Test
  void aReleaseLetsGoWithoutChangingTheService() {
    store.create(service(cluster, "web", 1), 0, T0);
    acquire("web", "pass-1");
    store.release(cluster, "web", "pass-1");
    var next = acquire("web", "pass-2");
    assertEquals(1, next.state().service().version());
  }

  private ServiceStore.Acquired trigger(String name, long wakeups, String owner) {
    return store.acquireUnlessPassed(cluster, name, wakeups, owner, now(), now().plus(LEASE));
  }

  @Test
  void eachWakeReturnsTheCountItSet() {
    store.create(service(cluster, "web", 1), 0, T0);
    assertEquals(OptionalLong.of(2), store.wake(cluster, "web", now()), "a new service starts at one");
    assertEquals(OptionalLong.of(3), store.wake(cluster, "web", now()));
    assertEquals(3, acquire("web", "pass-1").wakeups());
  }

  @Test
  void aSavedPassCoversEveryTriggerUpToTheCountItReadAndNoneAfter() {
    store.create(service(cluster, "web", 1), 0, T0);
    store.wake(cluster, "web", now());
    long latest = store.wake(cluster, "web", now()).orElseThrow();
    var pass = trigger("web", 2, "pass-1");
    assertFalse(pass.passed());
    var held = pass.held().orElseThrow();
    assertEquals(latest, held.wakeups(), "the holder read the latest count");
    assertEquals(Saved.RELEASED, store.save(held.state(), "pass-1", held.wakeups(), null, true));

    for (long covered = 1; covered <= latest; covered++) {
      var refused = trigger("web", covered, "pass-2");
      assertTrue(refused.passed(), "trigger " + covered + " was written before the pass read the service");
      assertTrue(refused.held().isEmpty());
    }
    assertEquals(latest, acquire("web", "pass-2").wakeups(), "a refused trigger took no lease");
    store.release(cluster, "web", "pass-2");

    long after = store.wake(cluster, "web", now()).orElseThrow();
    assertEquals(latest + 1, after);
    var next = trigger("web", after, "pass-3");
    assertFalse(next.passed(), "a trigger after the pass read the service is not covered");
    assertTrue(next.held().isPresent());
  }

  @Test
  void aMessageWithoutACountIsCoveredByNoPass() {
    store.create(service(cluster, "web", 1), 0, T0);
    var held = acquire("web", "pass-1");
    assertEquals(Saved.RELEASED, store.save(held.state(), "pass-1", held.wakeups(), null, true));
    var sweep = trigger("web", ServiceStore.NO_WAKEUP, "pass-2");
    assertFalse(sweep.passed());
    assertTrue(sweep.held().isPresent());
  }

  @Test
  void aUsersChangeRecordsNoPass() {
    store.create(service(cluster, "web", 1), 0, T0);
    var held = acquire("web", "update");
    assertEquals(Saved.RELEASED, store.save(Fixtures.withDesired(held.state(), 3), "update", held.wakeups(), now()));
    long woken = store.wake(cluster, "web", now()).orElseThrow();
    assertTrue(trigger("web", 1, "pass-1").held().isPresent(), "the change read no tasks: nothing is covered");
    store.release(cluster, "web", "pass-1");
    assertTrue(trigger("web", woken, "pass-2").held().isPresent());
  }

  @Test
  void aHeldServiceRefusesATriggerItHasNotCovered() {
    store.create(service(cluster, "web", 1), 0, T0);
    long woken = store.wake(cluster, "web", now()).orElseThrow();
    acquire("web", "pass-1");
    var refused = trigger("web", woken, "pass-2");
    assertTrue(refused.held().isEmpty());
    assertFalse(refused.passed(), "left to the holder, who reads the count when it saves");
    var gone = trigger("nothing", woken, "pass-2");
    assertTrue(gone.held().isEmpty());
    assertFalse(gone.passed());
  }

  @Test
  void aPassThatDiesBeforeItsSaveRecordsNothing() {
    store.create(service(cluster, "web", 1), 0, T0);
    long woken = store.wake(cluster, "web", now()).orElseThrow();
    trigger("web", woken, "pass-1").held().orElseThrow(); // and then it dies
    clock.advance(LEASE.plusMillis(1));
    var next = trigger("web", woken, "pass-2");
    assertFalse(next.passed(), "no saved pass covers it");
    assertTrue(next.held().isPresent(), "the lease ran out");
  }

  @Test
  void aWakeDuringAPassIsCoveredOnlyByThePassThatReadIt() {
    store.create(service(cluster, "web", 1), 0, T0);
    var held = acquire("web", "pass-1");
    long during = store.wake(cluster, "web", now()).orElseThrow();
    assertEquals(Saved.WOKEN, store.save(held.state(), "pass-1", held.wakeups(), null, true));
    var refused = trigger("web", during, "pass-2");
    assertFalse(refused.passed(), "the first pass read the tasks before this wake");

    var again = store.acquireAgain(cluster, "web", "pass-1", now().plus(LEASE)).orElseThrow();
    assertEquals(during, again.wakeups());
    assertEquals(Saved.RELEASED, store.save(again.state(), "pass-1", again.wakeups(), null, true));
    assertTrue(trigger("web", during, "pass-2").passed(), "the second pass read it");
  }

  @Test
  void aServiceCreatedOverAnInactiveOneStartsWithNoPassRecorded() {
    store.create(service(cluster, "web", 1), 0, T0);
    store.wake(cluster, "web", now());
    store.wake(cluster, "web", now());
    var held = acquire("web", "pass-1");
    assertEquals(Saved.RELEASED, store.save(Fixtures.inactive(held.state()), "pass-1", held.wakeups(), null, true));
    store.create(service(cluster, "web", 1), store.get(cluster, "web").orElseThrow().service().version(), T0);
    long woken = store.wake(cluster, "web", now()).orElseThrow();
    assertEquals(2, woken, "counted afresh");
    assertTrue(trigger("web", woken, "pass-2").held().isPresent(), "not covered by the old service's pass");
  }

  @Test
  void aHolderRecordsTheTaskIdsItIsAboutToLaunchAndForgetsTheCountedOnes() {
    store.create(service(cluster, "web", 1), 0, T0);
    assertTrue(store.addTaskIds(cluster, "web", "nobody", Set.of()), "nothing to record");
    var held = acquire("web", "pass-1");
    assertTrue(store.addTaskIds(cluster, "web", "pass-1", Set.of("t1", "t2")));
    assertTrue(store.addTaskIds(cluster, "web", "pass-1", Set.of("t2", "t3")));
    assertFalse(store.addTaskIds(cluster, "web", "pass-2", Set.of("t4")), "not the holder");
    assertEquals(1, store.get(cluster, "web").orElseThrow().service().version(), "no version moves");
    assertEquals(Set.of(), store.get(cluster, "web").orElseThrow().taskIds(), "the API's read leaves them out");
    assertEquals(Set.of("t1", "t2", "t3"),
        store.acquireAgain(cluster, "web", "pass-1", now().plus(LEASE)).orElseThrow().state().taskIds(),
        "a holder's read carries them");

    ServiceState next = new ServiceState(held.state().service(), held.state().deployments(), Set.of("t3"), "fp");
    assertEquals(Saved.RELEASED, store.save(next, "pass-1", held.wakeups(), null));
    assertEquals(Set.of("t1", "t2", "t3"), acquire("web", "pass-2").state().taskIds(), "a save does not write them");
    store.forgetTaskIds(cluster, "web", Set.of("t1", "t2", "never-recorded"));
    assertEquals(Set.of("t3"),
        store.acquireAgain(cluster, "web", "pass-2", now().plus(LEASE)).orElseThrow().state().taskIds());
  }

  @Test
  void targetsAreKeptApartFromTheServiceAndOnlyAHoldersReadCarriesThem() {
    store.create(service(cluster, "web", 1), 0, T0);
    var held = acquire("web", "pass-1");
    assertEquals(Map.of(), held.state().targets());
    assertTrue(store.recordTargets(cluster, "web", "pass-1", held.lease(), Map.of()), "nothing to record");
    assertTrue(store.recordTargets(cluster, "web", "pass-1", held.lease(),
        Map.of("t1", targets("i-1", 32768, false), "t2", targets("i-2", 32769, false))));
    assertEquals(1, store.get(cluster, "web").orElseThrow().service().version(), "no version moves");
    assertEquals(Map.of(), store.get(cluster, "web").orElseThrow().targets(), "the API's read leaves them out");
    var again = store.acquireAgain(cluster, "web", "pass-1", now().plus(LEASE)).orElseThrow();
    assertEquals(held.lease(), again.lease(), "the same lease, the same number");
    assertEquals(Map.of("t1", targets("i-1", 32768, false), "t2", targets("i-2", 32769, false)),
        again.state().targets());

    ServiceState next = new ServiceState(again.state().service(), again.state().deployments(), Set.of(), "fp",
        null, Map.of("t3", targets("i-3", 32770, true)));
    assertEquals(Saved.RELEASED, store.save(next, "pass-1", again.wakeups(), null));
    var later = acquire("web", "pass-2");
    assertTrue(later.lease() > held.lease(), "every acquire takes a higher number");
    assertEquals(Set.of("t1", "t2"), later.state().targets().keySet(), "a save does not write them");

    assertTrue(store.recordTargets(cluster, "web", "pass-2", later.lease(), Map.of("t1", targets("i-1", 32768, true))));
    assertTrue(store.forgetTargets(cluster, "web", later.lease(), Set.of("t2", "never-recorded")));
    assertEquals(Map.of("t1", targets("i-1", 32768, true)),
        store.acquireAgain(cluster, "web", "pass-2", now().plus(LEASE)).orElseThrow().state().targets());
  }

  @Test
  void forgettingATaskIdKeepsItsTargets() {
    store.create(service(cluster, "web", 1), 0, T0);
    var held = acquire("web", "pass-1");
    assertTrue(store.addTaskIds(cluster, "web", "pass-1", Set.of("t1", "t2")));
    assertTrue(store.recordTargets(cluster, "web", "pass-1", held.lease(), Map.of("t1", targets("i-1", 32768, true))));
    store.forgetTaskIds(cluster, "web", Set.of("t1", "t2"));
    var again = store.acquireAgain(cluster, "web", "pass-1", now().plus(LEASE)).orElseThrow();
    assertEquals(Set.of(), again.state().taskIds());
    assertEquals(Map.of("t1", targets("i-1", 32768, true)), again.state().targets(),
        "a stopped task's target stays known until it is deregistered");
    assertTrue(store.addTaskIds(cluster, "web", "pass-1", Set.of("t1")));
    assertTrue(store.forgetTargets(cluster, "web", again.lease(), Set.of("t1")));
    assertEquals(Set.of("t1"), store.acquireAgain(cluster, "web", "pass-1", now().plus(LEASE)).orElseThrow()
        .state().taskIds(), "and forgetting targets keeps the id");
  }

  @Test
  void aHolderThatLostItsLeaseCannotUndoANewerHoldersRecords() {
    store.create(service(cluster, "web", 1), 0, T0);
    var stale = acquire("web", "pass-1");
    assertTrue(store.recordTargets(cluster, "web", "pass-1", stale.lease(),
        Map.of("t1", targets("i-1", 32768, true), "t2", targets("i-2", 32769, true))));
    clock.advance(LEASE.plusMillis(1));
    var holder = acquire("web", "pass-2");
    assertTrue(holder.lease() > stale.lease());
    // The new holder registers t1 again (its target had left the group) and is told of t3.
    assertTrue(store.recordTargets(cluster, "web", "pass-2", holder.lease(),
        Map.of("t1", targets("i-1", 32768, false), "t3", targets("i-3", 32770, false))));

    assertFalse(store.recordTargets(cluster, "web", "pass-1", stale.lease(), Map.of("t4", targets("i-4", 1, false))),
        "not the holder: it must not register");
    assertFalse(store.forgetTargets(cluster, "web", stale.lease(), Set.of("t1", "t3")),
        "a record the new holder wrote stays");
    assertTrue(store.forgetTargets(cluster, "web", stale.lease(), Set.of("t2")),
        "one only it knew of goes (it deregistered it)");
    assertEquals(Map.of("t1", targets("i-1", 32768, false), "t3", targets("i-3", 32770, false)),
        store.acquireAgain(cluster, "web", "pass-2", now().plus(LEASE)).orElseThrow().state().targets());
    assertTrue(store.forgetTargets(cluster, "web", holder.lease(), Set.of("t1")), "the holder's own forget");
  }

  @Test
  void aServiceThatReplacesAnInactiveOneDeregistersWhatItLeftRegistered() {
    store.create(service(cluster, "web", 1), 0, T0);
    var old = acquire("web", "pass-1");
    assertTrue(store.recordTargets(cluster, "web", "pass-1", old.lease(), Map.of("t1", targets("i-1", 32768, true))));
    assertEquals(Saved.RELEASED, store.save(Fixtures.inactive(old.state()), "pass-1", old.wakeups(), null));
    store.create(service(cluster, "web", 1), 2, T0);
    var fresh = acquire("web", "pass-2");
    assertTrue(fresh.lease() > old.lease(), "lease numbers go on across the replacement");
    assertEquals(Map.of("t1", targets("i-1", 32768, true)), fresh.state().targets(),
        "the old service's record, for the new one's passes to deregister");
    assertTrue(store.forgetTargets(cluster, "web", fresh.lease(), Set.of("t1")));
    assertEquals(Map.of(), store.acquireAgain(cluster, "web", "pass-2", now().plus(LEASE)).orElseThrow()
        .state().targets());
  }

  @Test
  void aNewServiceKeepsTheTaskIdsItIsCreatedWith() {
    ServiceState s = service(cluster, "web", 1);
    store.create(new ServiceState(s.service(), s.deployments(), Set.of("a", "b"), "fp"), 0, T0);
    assertEquals(Set.of("a", "b"), acquire("web", "pass-1").state().taskIds());
  }

  @Test
  void theDaemonListNamesTheDaemonServicesUntilTheyAreInactive() {
    assertEquals(List.of(), store.daemons(cluster));
    store.create(daemon(service(cluster, "logs", 1)), 0, T0);
    store.create(daemon(service(cluster, "agent", 1)), 0, T0);
    store.create(service(cluster, "web", 1), 0, T0);
    assertEquals(List.of("agent", "logs"), store.daemons(cluster), "DAEMON services only, in name order");
    assertEquals(List.of(), store.daemons(Fixtures.unique("other")), "per cluster");

    var held = acquire("logs", "pass-1");
    assertEquals(Saved.RELEASED, store.save(Fixtures.inactive(held.state()), "pass-1", held.wakeups(), null));
    assertEquals(List.of("agent"), store.daemons(cluster), "an INACTIVE one leaves the list");

    long inactiveAt = store.get(cluster, "logs").orElseThrow().service().version();
    store.create(service(cluster, "logs", 1), inactiveAt, T0);
    assertEquals(List.of("agent"), store.daemons(cluster), "a REPLICA service that takes the name is not listed");
    assertEquals(List.of("agent", "logs", "web"),
        store.summaries(cluster).stream().map(Summary::name).toList(), "the list is not a service");
  }

  private static ServiceState daemon(ServiceState s) {
    Service sv = s.service();
    Service d = new Service(sv.cluster(), sv.name(), sv.status(), sv.taskDefinition(), 0, SchedulingStrategy.DAEMON,
        null, null, null, sv.createdAt(), sv.version(), null, null, null, 0);
    return new ServiceState(d, s.deployments(), s.taskIds(), s.fingerprint());
  }

  @Test
  void theDueIndexHoldsWhatNeedsAPassInDueOrder() {
    store.create(service(cluster, "b", 1), 0, T0.plusSeconds(10));
    store.create(service(cluster, "a", 1), 0, T0.plusSeconds(20));
    store.create(service(cluster, "c", 1), 0, T0.plusSeconds(15));
    assertEquals(List.of(), store.due(cluster, T0));
    assertEquals(List.of("b"), store.due(cluster, T0.plusSeconds(10)), "due at or before the time");
    assertEquals(List.of("b", "c", "a"), store.due(cluster, T0.plusSeconds(20)), "earliest first");

    var held = acquire("a", "pass-1");
    assertEquals(Saved.RELEASED, store.save(held.state(), "pass-1", held.wakeups(), null));
    assertEquals(List.of("b", "c"), store.due(cluster, T0.plusSeconds(60)), "a steady service leaves the index");
    held = acquire("b", "pass-1");
    assertEquals(Saved.RELEASED, store.save(held.state(), "pass-1", held.wakeups(), T0.plusSeconds(40)));
    assertEquals(List.of("c", "b"), store.due(cluster, T0.plusSeconds(60)));

    assertEquals(OptionalLong.of(2), store.wake(cluster, "a", T0.plusSeconds(5)));
    assertEquals(List.of("a", "c"), store.due(cluster, T0.plusSeconds(15)));
    assertEquals(OptionalLong.empty(), store.wake(cluster, "nothing", T0));
    held = acquire("c", "pass-1");
    assertEquals(Saved.RELEASED, store.save(Fixtures.inactive(held.state()), "pass-1", held.wakeups(), null));
    assertEquals(OptionalLong.empty(), store.wake(cluster, "c", T0), "an INACTIVE service is not woken");
  }

  @Test
  void summariesListEveryServiceInNameOrder() {
    store.create(service(cluster, "web", 1), 0, T0);
    store.create(service(cluster, "api", 1), 0, T0);
    var held = acquire("web", "pass-1");
    store.save(Fixtures.inactive(held.state()), "pass-1", held.wakeups(), null);
    assertEquals(List.of(new Summary("api", ServiceStatus.ACTIVE, "REPLICA"),
        new Summary("web", ServiceStatus.INACTIVE, "REPLICA")), store.summaries(cluster));
    assertEquals(List.of(), store.summaries(Fixtures.unique("empty")));
  }

  @Test
  void aSaveMarksItsEventsPendingUntilTheyAreSent() {
    store.create(service(cluster, "web", 1), 0, T0);
    var pending = store.pendingEvents(cluster, "web").orElseThrow();
    assertEquals(1, pending.version());
    assertEquals(T0, pending.changedAt());
    assertNull(pending.sentThrough());
    assertEquals(List.of("web"), store.pendingEventsBefore(cluster, T0.plusMillis(1)));

    store.eventsSent(cluster, "web", 1, T0);
    assertTrue(store.pendingEvents(cluster, "web").isEmpty());
    assertEquals(List.of(), store.pendingEventsBefore(cluster, T0.plusSeconds(60)));

    clock.advance(Duration.ofSeconds(2));
    var held = acquire("web", "pass-1");
    store.save(Fixtures.withDesired(held.state(), 4), "pass-1", held.wakeups(), null);
    var marked = store.pendingEvents(cluster, "web").orElseThrow();
    assertEquals(2, marked.version());
    assertEquals(T0.plusSeconds(2), marked.changedAt());
    assertEquals(T0, marked.sentThrough(), "what was sent before stays recorded");
    assertEquals(4, marked.state().service().desiredCount());

    store.eventsSent(cluster, "web", 1, T0.plusSeconds(1));
    var still = store.pendingEvents(cluster, "web").orElseThrow();
    assertEquals(T0.plusSeconds(1), still.sentThrough(), "an older version's send records how far it got");
    store.eventsSent(cluster, "web", 1, T0);
    assertEquals(T0.plusSeconds(1), store.pendingEvents(cluster, "web").orElseThrow().sentThrough(),
        "and never goes back");
    store.eventsSent(cluster, "web", 2, T0.plusSeconds(2));
    assertTrue(store.pendingEvents(cluster, "web").isEmpty());
    store.eventsSent(cluster, "nothing", 1, T0);
    assertTrue(store.pendingEvents(cluster, "nothing").isEmpty(), "no item is made");
    assertFalse(store.exists(cluster, "nothing"));
  }
}
