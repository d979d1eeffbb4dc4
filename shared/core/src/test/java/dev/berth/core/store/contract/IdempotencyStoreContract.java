package dev.berth.core.store.contract;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.IdempotencyStore;
import dev.berth.core.store.IdempotencyStore.Record;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every IdempotencyStore does: a token is claimed once, an abandoned claim taken over once. */
public abstract class IdempotencyStoreContract {
  private IdempotencyStore store;
  private String key;

  protected abstract IdempotencyStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
    key = Fixtures.unique("token");
  }

  private Record record(String hash) {
    return new Record(key, hash, List.of("t1", "t2"), T0, null, 1);
  }

  @Test
  void aTokenIsClaimedOnceAndTheClaimAnswersLaterRequests() {
    assertTrue(store.claim(record("h1")).isEmpty(), "free");
    var holder = store.claim(record("h2")).orElseThrow();
    assertEquals("h1", holder.requestHash(), "the first request's record");
    assertEquals(List.of("t1", "t2"), holder.ids());
    assertEquals(T0, holder.claimedAt());
    assertFalse(holder.finished());
    assertEquals(holder, store.get(key).orElseThrow());
    assertTrue(store.get(Fixtures.unique("token")).isEmpty());
  }

  @Test
  void anAbandonedClaimIsTakenOverOnce() {
    store.claim(record("h1"));
    var abandoned = store.get(key).orElseThrow();
    assertTrue(store.takeOver(abandoned, T0.plusSeconds(60)));
    assertFalse(store.takeOver(abandoned, T0.plusSeconds(61)), "someone else took it first");
    var taken = store.get(key).orElseThrow();
    assertEquals(abandoned.version() + 1, taken.version());
    assertEquals(T0.plusSeconds(60), taken.claimedAt());
    assertEquals(abandoned.ids(), taken.ids());
    assertFalse(store.takeOver(new Record(Fixtures.unique("token"), "h", List.of(), T0, null, 1), T0), "no claim");
  }

  @Test
  void aFinishedClaimKeepsItsResultAndCannotBeTakenOver() {
    store.claim(record("h1"));
    var claim = store.get(key).orElseThrow();
    store.finish(key, "{\"tasks\":[]}");
    var finished = store.get(key).orElseThrow();
    assertTrue(finished.finished());
    assertEquals("{\"tasks\":[]}", finished.result());
    assertEquals(claim.version(), finished.version());
    assertFalse(store.takeOver(claim, T0.plusSeconds(60)));
    assertEquals(finished, store.claim(record("h1")).orElseThrow());
  }
}
