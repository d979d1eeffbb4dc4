package dev.berth.agent.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.report.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The channel's reconnection and message handling, with a scripted transport and no real waiting. */
class WakeChannelTest {
  /** Back-off without jitter: 1 s, 2 s, 4 s ... 60 s. */
  private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2, 0,
      new Random(1));

  /** A scripted connection: it delivers its messages, then ends (or stays open until closed). */
  private static final class FakeSession implements WakeChannel.Session {
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> closed() {
      return closed;
    }

    @Override
    public void send(String text) {
      sent.add(text);
    }

    @Override
    public void close() {
      closed.complete(null);
    }
  }

  /**
   * Each open() takes the next step: "fail" throws (a refused or failed handshake), a list of
   * messages is delivered on a session that then ends. After the script the channel is stopped.
   */
  private static final class ScriptedTransport implements WakeChannel.Transport {
    final List<Object> script;
    int opened;
    WakeChannel channel;

    ScriptedTransport(List<Object> script) {
      this.script = script;
    }

    @Override
    public WakeChannel.Session open(Consumer<String> onMessage) throws Exception {
      if (opened >= script.size()) {
        channel.stop();
        throw new IllegalStateException("script over");
      }
      Object step = script.get(opened++);
      if (step.equals("fail")) {
        throw new java.io.IOException("handshake refused: 403");
      }
      FakeSession session = new FakeSession();
      @SuppressWarnings("unchecked")
      List<String> messages = (List<String>) step;
      messages.forEach(onMessage);
      session.close();
      return session;
    }
  }

  @Test
  void failedAttemptsBackOffAndASuccessfulOneStartsTheBackOffAgain() {
    ScriptedTransport transport = new ScriptedTransport(List.of("fail", "fail", "fail", List.of(), "fail",
        List.of(), List.of()));
    List<Duration> slept = new ArrayList<>();
    WakeSignal signal = new WakeSignal();
    WakeChannel channel = new WakeChannel(transport, signal, BACKOFF, slept::add, Duration.ofMinutes(5));
    transport.channel = channel;
    channel.run();
    assertEquals(8, transport.opened + 1, "every step of the script was tried, and one more to end it");
    // three failures: 1, 2, 4 s; the connection that ends resets it: 1 s; a failure after it: 1 s again
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), slept);
    assertEquals(3, channel.connections());
  }

  @Test
  void theBackOffStopsGrowingAtItsMaximum() {
    List<Object> script = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      script.add("fail");
    }
    ScriptedTransport transport = new ScriptedTransport(script);
    List<Duration> slept = new ArrayList<>();
    WakeChannel channel = new WakeChannel(transport, new WakeSignal(), BACKOFF, slept::add, Duration.ofMinutes(5));
    transport.channel = channel;
    channel.run();
    assertEquals(Duration.ofSeconds(60), slept.get(9));
    assertEquals(Duration.ofSeconds(32), slept.get(5));
  }

  @Test
  void wakeMessagesWakeThePollLoopAndOtherMessagesDoNot() throws Exception {
    ScriptedTransport transport = new ScriptedTransport(List.of(List.of("{\"type\":\"wake\"}", "{\"type\":\"other\"}",
        "not json", "{\"type\":\"wake\"}")));
    WakeSignal signal = new WakeSignal();
    WakeChannel channel = new WakeChannel(transport, signal, BACKOFF, d -> { }, Duration.ofMinutes(5));
    transport.channel = channel;
    channel.run();
    assertEquals(2, channel.wakeMessages());
    // one wake-up for connecting (wake-ups sent while away are lost), two for the messages
    assertEquals(3, signal.received());
    assertTrue(signal.await(Duration.ZERO));
    assertFalse(signal.await(Duration.ZERO), "they coalesced into one poll");
  }

  @Test
  void aQuietConnectionGetsKeepAlivesUntilItEnds() throws Exception {
    FakeSession session = new FakeSession();
    int[] opened = {0};
    WakeChannel[] channel = new WakeChannel[1];
    WakeChannel.Transport transport = onMessage -> {
      if (opened[0]++ > 0) {
        channel[0].stop();
        throw new IllegalStateException("done");
      }
      return session;
    };
    channel[0] = new WakeChannel(transport, new WakeSignal(), BACKOFF, d -> { }, Duration.ofMillis(1));
    Thread runner = new Thread(channel[0]);
    runner.start();
    while (session.sent.size() < 3) {
      Thread.sleep(1);
    }
    session.close();
    runner.join();
    assertTrue(session.sent.stream().allMatch(WakeChannel.PING::equals), "only keep-alives were sent: " + session.sent);
    assertEquals(1, channel[0].connections());
  }
}
