package dev.berth.agent.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WakeSignalTest {

  @Test
  void aBurstOfWakeUpsMakesExactlyOnePoll() throws Exception {
    WakeSignal signal = new WakeSignal();
    for (int i = 0; i < 5; i++) {
      signal.wake();
    }
    assertTrue(signal.await(Duration.ofMinutes(10)), "woken");
    assertFalse(signal.await(Duration.ZERO), "the burst was taken by one wait");
    assertEquals(5, signal.received());
  }

  @Test
  void withoutAWakeUpTheWaitEndsUnwoken() throws Exception {
    WakeSignal signal = new WakeSignal();
    assertFalse(signal.await(Duration.ofMillis(1)));
    assertEquals(0, signal.received());
  }

  @Test
  void aWakeUpDuringAPollIsKeptForTheNextWait() throws Exception {
    WakeSignal signal = new WakeSignal();
    // the loop polls; two wake-ups arrive meanwhile; the wait after the poll returns at once, once
    signal.wake();
    signal.wake();
    assertTrue(signal.await(Duration.ofMinutes(10)));
    assertFalse(signal.await(Duration.ZERO));
  }

  @Test
  void aWaitingLoopIsWokenFromAnotherThread() throws Exception {
    WakeSignal signal = new WakeSignal();
    boolean[] woken = new boolean[1];
    Thread waiter = new Thread(() -> {
      try {
        woken[0] = signal.await(Duration.ofMinutes(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiter.start();
    signal.wake();
    waiter.join();
    assertTrue(woken[0], "woken, not timed out");
  }

  @Test
  void aBurstRightAfterAPollWaitsOutTheGapAsOnePoll() throws Exception {
    WakeSignal signal = new WakeSignal();
    long pollEnded = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      signal.wake();
    }
    assertTrue(signal.await(Duration.ofMinutes(10), pollEnded, Duration.ofMillis(20)), "woken");
    assertFalse(signal.await(Duration.ZERO), "the whole burst went with one poll");
    assertEquals(50, signal.received());
  }

  @Test
  void withoutAWakeUpTheSpacedWaitEndsUnwoken() throws Exception {
    WakeSignal signal = new WakeSignal();
    assertFalse(signal.await(Duration.ofMillis(1), System.nanoTime(), Duration.ofMillis(1)));
  }
}
