package dev.berth.core.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ReconcileQueue;
import dev.berth.core.store.contract.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InMemoryQueueTest {
  private static final Duration VISIBILITY = Duration.ofSeconds(5);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));

  private static List<String> bodies(List<InMemoryQueue.Received> received) {
    return received.stream().map(InMemoryQueue.Received::body).toList();
  }

  @Test
  void aDelayedMessageIsReceivedOnlyOnceItsDelayHasPassed() {
    var queue = new InMemoryQueue("q", clock);
    queue.send("later", Duration.ofSeconds(10));
    queue.send("now", Duration.ZERO);
    assertEquals(List.of("now"), bodies(queue.receive(10, VISIBILITY)));
    assertEquals(Instant.parse("2026-03-01T10:00:05Z"), queue.nextVisibleAt().orElseThrow());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(List.of("later", "now"), bodies(queue.receive(10, VISIBILITY)),
        "in send order; the undeleted one came back too");
  }

  @Test
  void aMessageNotDeletedInTimeIsDeliveredAgainAndItsOldHandleNoLongerDeletes() {
    var queue = new InMemoryQueue("q", clock);
    queue.send("m", Duration.ZERO);
    var first = queue.receive(10, VISIBILITY).get(0);
    assertEquals(1, first.receiveCount());
    assertTrue(queue.receive(10, VISIBILITY).isEmpty(), "hidden while in flight");
    assertEquals(1, queue.size());
    assertEquals(0, queue.visible());

    clock.advance(VISIBILITY);
    var second = queue.receive(10, VISIBILITY).get(0);
    assertEquals(first.messageId(), second.messageId());
    assertEquals(2, second.receiveCount());
    assertFalse(queue.delete(first.receiptHandle()), "a stale receipt handle");
    assertTrue(queue.delete(second.receiptHandle()));
    assertEquals(0, queue.size());
    assertFalse(queue.delete(second.receiptHandle()), "gone");
  }

  @Test
  void aMessageReceivedTooOftenMovesToTheDeadLetters() {
    var queue = new InMemoryQueue("q", clock, InMemoryQueue.Faults.NONE, null, 2);
    queue.send("poison", Duration.ZERO);
    assertEquals(1, queue.receive(1, Duration.ZERO).size());
    assertEquals(1, queue.receive(1, Duration.ZERO).size());
    assertTrue(queue.receive(1, Duration.ZERO).isEmpty());
    assertEquals(0, queue.size());
    assertEquals(List.of("poison"), bodies(queue.deadLetters()));
  }

  @Test
  void faultsDuplicateAndDelayWhatIsSent() {
    var faults = new InMemoryQueue.Faults() {
      @Override
      public int copies(String body) {
        return body.equals("twice") ? 2 : 1;
      }

      @Override
      public Duration extraDelay(String body) {
        return body.equals("slow") ? Duration.ofSeconds(3) : Duration.ZERO;
      }
    };
    var queue = new InMemoryQueue("q", clock, faults, null, 5);
    queue.send("twice", Duration.ZERO);
    queue.send("slow", Duration.ZERO);
    assertEquals(List.of("twice", "twice"), bodies(queue.receive(10, VISIBILITY)));
    clock.advance(Duration.ofSeconds(3));
    assertEquals(List.of("slow"), bodies(queue.receive(10, VISIBILITY)));
  }

  @Test
  void aSeededOrderReordersTheSameWayEveryRun() {
    List<List<String>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      var queue = new InMemoryQueue("q", clock, InMemoryQueue.Faults.NONE, new SplittableRandom(42), 5);
      IntStream.range(0, 20).forEach(i -> queue.send("m" + i, Duration.ZERO));
      runs.add(bodies(queue.receive(20, VISIBILITY)));
    }
    assertEquals(runs.get(0), runs.get(1));
    assertEquals(20, runs.get(0).size());
    assertFalse(runs.get(0).equals(IntStream.range(0, 20).mapToObj(i -> "m" + i).toList()), "not FIFO");
  }

  @Test
  void theReconcileQueueCapsDelaysAndSendsTenToACall() {
    var queue = new InMemoryQueue("reconcile", clock);
    List<String> calls = new ArrayList<>();
    StoreHooks hooks = new StoreHooks() {
      @Override
      public void beforeWrite(String store, String operation) {
        calls.add(store + "." + operation);
      }
    };
    var reconcile = new InMemoryReconcileQueue(queue, hooks);
    reconcile.send("far", Duration.ofHours(2));
    assertEquals(clock.instant().plus(ReconcileQueue.MAX_DELAY), queue.nextVisibleAt().orElseThrow());
    assertEquals(3, reconcile.sendAll(IntStream.range(0, 25).mapToObj(i -> "s" + i).toList()));
    assertEquals(26, queue.size());
    assertEquals(List.of("ReconcileQueue.send", "ReconcileQueue.sendAll", "ReconcileQueue.sendAll",
        "ReconcileQueue.sendAll"), calls);
  }
}
