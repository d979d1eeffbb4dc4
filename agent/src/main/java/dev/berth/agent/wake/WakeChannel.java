package dev.berth.agent.wake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.report.Backoff;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the agent's connection to Berth's agent channel, the push half of its protocol (ECS agents
 * hold a websocket to ACS): a {@code {"type":"wake"}} message wakes the poll loop, which then asks
 * for its tasks at once. The connection is opened again whenever it ends (API Gateway closes every
 * connection after two hours, and an idle one after ten minutes, so a keep-alive goes out every
 * {@link #KEEP_ALIVE}), after a back-off that grows while attempts fail and starts again once one
 * succeeds. Each attempt is a new, freshly signed handshake. After every (re)connection the poll loop
 * is woken once, since wake-ups sent while the agent was away were lost.
 */
public final class WakeChannel implements Runnable {
  private static final Logger LOG = Logger.getLogger(WakeChannel.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final Duration KEEP_ALIVE = Duration.ofMinutes(5);
  static final String PING = "{\"type\":\"ping\"}";

  /** Opens one connection; text messages go to {@code onMessage}. */
  public interface Transport {
    Session open(Consumer<String> onMessage) throws Exception;
  }

  /** One open connection. */
  public interface Session {
    /** Completes when the connection has ended, for whatever reason. */
    CompletableFuture<Void> closed();

    void send(String text);

    void close();
  }

  /** Waits between attempts (a test records the delays instead). */
  public interface Sleeper {
    void sleep(Duration delay) throws InterruptedException;
  }

  private final Transport transport;
  private final WakeSignal signal;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Duration keepAlive;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong wakeMessages = new AtomicLong();
  private volatile boolean running = true;
  private volatile Session current;

  public WakeChannel(Transport transport, WakeSignal signal, Backoff backoff, Sleeper sleeper, Duration keepAlive) {
    this.transport = transport;
    this.signal = signal;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.keepAlive = keepAlive;
  }

  /** Reconnects from 1 s, doubling to 60 s. */
  public static Backoff backoff(java.util.random.RandomGenerator random) {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2, 0.2, random);
  }

  @Override
  public void run() {
    int failures = 0;
    while (running && !Thread.currentThread().isInterrupted()) {
      try {
        Session session = transport.open(this::message);
        current = session;
        failures = 0;
        connections.incrementAndGet();
        LOG.fine("agent channel connected");
        signal.wake(); // whatever was announced while away
        hold(session);
        LOG.fine("agent channel connection ended");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failures++;
        LOG.log(failures == 1 ? Level.INFO : Level.FINE, "agent channel: could not connect (" + e + ")");
      } finally {
        current = null;
      }
      if (!running) {
        return;
      }
      try {
        sleeper.sleep(backoff.delay(Math.max(0, failures - 1)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Waits for the connection to end, sending a keep-alive every {@code keepAlive}. */
  private void hold(Session session) throws InterruptedException {
    while (running) {
      try {
        session.closed().get(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException quiet) {
        try {
          session.send(PING);
        } catch (RuntimeException e) {
          session.close();
          return;
        }
      } catch (ExecutionException ended) {
        return;
      }
    }
  }

  void message(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if ("wake".equals(message.path("type").asText())) {
        wakeMessages.incrementAndGet();
        signal.wake();
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not a message of this protocol: ignored, as a forged one would be
    }
  }

  /** How many wake messages have arrived. */
  public long wakeMessages() {
    return wakeMessages.get();
  }

  /** How many times a connection has been opened. */
  public long connections() {
    return connections.get();
  }

  public void stop() {
    running = false;
    Session s = current;
    if (s != null) {
      s.close();
    }
  }
}
