package dev.berth.core.tasks;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.Region;
import dev.berth.model.Task;
import dev.berth.model.TaskOverride;
import dev.berth.model.service.TaskTagging;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Client tokens on the in-memory idempotency store: claims, replays, conflicts, and take-over of a dead claim. */
class ClientTokensTest {
  private static final String CLUSTER = "c";

  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryStores stores = new InMemoryStores(clock);
  private final AtomicInteger nextId = new AtomicInteger();
  private final ClientTokens tokens = new ClientTokens(stores.idempotency, stores.tasks,
      () -> String.format("%032x", nextId.incrementAndGet()), clock, new Arns(Region.of("us-east-1", "000000000000")),
      clock::advance); // a wait for a claim in progress lets the test's time pass

  private static LaunchRequest request(String token, String fingerprint) {
    return new LaunchRequest(CLUSTER, "web", 2, null, null, TaskOverride.NONE, null, null, token, null, null,
        fingerprint, TaskTagging.DEFAULT);
  }

  /** Writes the tasks with these ids (those not written yet) and answers with them all. */
  private LaunchResult place(List<String> ids) {
    List<Task> placed = new ArrayList<>();
    for (String id : ids) {
      stores.tasks.create(Fixtures.task(CLUSTER, id, "ci-1", 1));
      placed.add(stores.tasks.get(CLUSTER, id).orElseThrow());
    }
    return new LaunchResult(placed, List.of());
  }

  @Test
  void aRepeatedRequestGetsTheFirstResultWithoutPlacingAgain() {
    var first = tokens.once(request("tok", "{\"count\":2}"), 2, this::place);
    var again = tokens.once(request("tok", "{\"count\":2}"), 2, ids -> fail("placed twice"));
    assertEquals(first.tasks(), again.tasks());
    assertEquals(2, stores.tasks.inCluster(CLUSTER).size());
  }

  @Test
  void theSameTokenWithOtherParametersIsAConflict() {
    tokens.once(request("tok", "{\"count\":2}"), 2, this::place);
    var e = assertThrows(EcsException.class,
        () -> tokens.once(request("tok", "{\"count\":3}"), 2, ids -> fail("not run")));
    assertEquals("ConflictException", e.code());
  }

  @Test
  void aClaimAbandonedByACrashIsTakenOverWithItsTaskIds() {
    List<String> claimed = new ArrayList<>();
    assertThrows(IllegalStateException.class, () -> tokens.once(request("tok", "{}"), 2, ids -> {
      claimed.addAll(ids);
      place(ids.subList(0, 1)); // the first task was placed before the caller died
      throw new IllegalStateException("crash");
    }));
    assertTrue(stores.idempotency.get(CLUSTER + "/tok").orElseThrow().result() == null, "unfinished");

    clock.advance(ClientTokens.ABANDONED_AFTER.plus(Duration.ofMillis(1)));
    List<String> reused = new ArrayList<>();
    var result = tokens.once(request("tok", "{}"), 2, ids -> {
      reused.addAll(ids);
      return place(ids);
    });
    assertEquals(claimed, reused, "the dead claim's task ids, so its placed task is not placed twice");
    assertEquals(2, result.tasks().size());
    assertEquals(2, stores.tasks.inCluster(CLUSTER).size());
    assertEquals(2, stores.idempotency.get(CLUSTER + "/tok").orElseThrow().version(), "taken over once");
    var replay = tokens.once(request("tok", "{}"), 2, ids -> fail("finished"));
    assertEquals(result.tasks(), replay.tasks());
  }

  @Test
  void aBadTokenIsRefusedBeforeAnythingIsClaimed() {
    var e = assertThrows(EcsException.class, () -> tokens.once(request("x".repeat(65), "{}"), 1, this::place));
    assertEquals("InvalidParameterException", e.code());
    assertTrue(stores.idempotency.get(CLUSTER + "/" + "x".repeat(65)).isEmpty());
  }
}
