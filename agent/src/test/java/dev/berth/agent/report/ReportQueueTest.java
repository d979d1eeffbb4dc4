package dev.berth.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.ecs.EcsError;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Report delivery with a fake transport: sends run on the calling thread and retries wait in a
 * list the test steps through, so every ordering question has one answer.
 */
class ReportQueueTest {
  /** Jitter-free back-off: the random number 0.5 moves a delay by nothing. */
  private static final RandomGenerator NO_JITTER = () -> 0L;

  private final List<String> sent = new ArrayList<>();
  private final List<String> settled = new ArrayList<>();
  /** Failures to throw, per report ("task/STATUS"), in turn. */
  private final Map<String, Queue<Exception>> failures = new HashMap<>();
  private final List<Duration> delays = new ArrayList<>();
  private final Queue<Runnable> retries = new ArrayDeque<>();

  private final ReportQueue queue = new ReportQueue(
      report -> {
        String key = report.taskArn() + "/" + report.status();
        sent.add(key);
        Exception failure = failures.getOrDefault(key, new ArrayDeque<>()).poll();
        if (failure instanceof EcsError e) {
          throw e;
        }
        if (failure instanceof IOException e) {
          throw e;
        }
      },
      Runnable::run,
      (delay, action) -> {
        delays.add(delay);
        retries.add(action);
      },
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 1.3, 0.2, new java.util.Random() {
        @Override
        public double nextDouble() {
          return 0.5;
        }
      }),
      (report, delivered) -> settled.add(report.taskArn() + "/" + report.status() + (delivered ? "" : " dropped")));

  private static TaskStateReport report(String task, String status) {
    return new TaskStateReport(task, status, null, List.of(), null);
  }

  private void fail(String key, Exception... errors) {
    failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(errors));
  }

  private void runRetries() {
    while (!retries.isEmpty()) {
      retries.poll().run();
    }
  }

  @Test
  void reportsOfATaskGoOutInOrderAndAFailedOneHoldsBackTheRest() {
    fail("a/RUNNING", new IOException("connection refused"), new EcsError("ServerException", "busy", 500));
    queue.submit(report("a", "PENDING"));
    queue.submit(report("a", "RUNNING"));
    queue.submit(report("a", "STOPPED"));
    assertEquals(List.of("a/PENDING", "a/RUNNING"), sent, "STOPPED waits behind the failed RUNNING");
    assertFalse(queue.settled("a"));

    runRetries();
    assertEquals(List.of("a/PENDING", "a/RUNNING", "a/RUNNING", "a/RUNNING", "a/STOPPED"), sent);
    assertEquals(List.of("a/PENDING", "a/RUNNING", "a/STOPPED"), settled);
    assertTrue(queue.settled("a"));
  }

  @Test
  void retriesBackOffFromOneSecondToThirtySeconds() {
    Exception[] errors = new Exception[16];
    java.util.Arrays.fill(errors, new IOException("down"));
    fail("a/STOPPED", errors);
    queue.submit(report("a", "STOPPED"));
    runRetries();
    assertEquals(17, sent.size());
    assertEquals(Duration.ofSeconds(1), delays.get(0));
    assertEquals(Duration.ofMillis(1300), delays.get(1));
    assertEquals(Duration.ofMillis(1690), delays.get(2));
    for (int i = 1; i < delays.size(); i++) {
      assertTrue(delays.get(i).compareTo(delays.get(i - 1)) >= 0, delays.toString());
    }
    assertEquals(Duration.ofSeconds(30), delays.get(delays.size() - 1));
    assertEquals(List.of("a/STOPPED"), settled);
  }

  @Test
  void anInvalidParameterExceptionDropsThatReportAndTheQueueMovesOn() {
    fail("a/RUNNING", new EcsError(EcsError.INVALID_PARAMETER, "The task has no container named x.", 400));
    queue.submit(report("a", "RUNNING"));
    queue.submit(report("a", "STOPPED"));
    assertEquals(List.of("a/RUNNING", "a/STOPPED"), sent);
    assertEquals(List.of("a/RUNNING dropped", "a/STOPPED"), settled);
    assertTrue(delays.isEmpty(), "a dropped report is not retried");
  }

  @Test
  void aTaskWhoseReportsFailDoesNotHoldUpAnother() {
    fail("a/RUNNING", new IOException("down"));
    queue.submit(report("a", "RUNNING"));
    queue.submit(report("b", "RUNNING"));
    queue.submit(report("b", "STOPPED"));
    assertEquals(List.of("b/RUNNING", "b/STOPPED"), settled);
    assertTrue(queue.settled("b"));
    assertFalse(queue.settled("a"));
  }

  @Test
  void submittingNeverWaitsForTheNetwork() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch bothSettled = new CountDownLatch(2);
    List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService senders = Executors.newFixedThreadPool(2);
    try {
      ReportQueue slow = new ReportQueue(report -> {
        inFlight.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        delivered.add(report.status());
      }, senders, (d, a) -> { }, Backoff.reports(NO_JITTER), (r, ok) -> bothSettled.countDown());
      slow.submit(report("a", "PENDING"));
      assertTrue(inFlight.await(30, TimeUnit.SECONDS));
      slow.submit(report("a", "RUNNING")); // returns although PENDING is still on the wire
      assertEquals(List.of(), delivered);
      release.countDown();
      assertTrue(bothSettled.await(30, TimeUnit.SECONDS));
      assertEquals(List.of("PENDING", "RUNNING"), delivered);
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void reasonsAreCutToWhatTheControlPlaneTakes() {
    String longReason = "x".repeat(TaskStateReport.MAX_REASON + 400);
    var report = new TaskStateReport("a", "STOPPED", longReason, List.of(), null);
    assertEquals(TaskStateReport.MAX_REASON, report.reason().length());
    assertTrue(report.reason().endsWith("..."));
  }
}
