package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.store.testing.Emulator;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A {@link RunningBerth} leaves nothing on the emulator when its class's set-up fails part-way, and
 * the failure reported is the set-up's own. The classes below fail on purpose; they are run here
 * through the JUnit test kit, never on their own (the build skips nested classes).
 */
class RunningBerthIT {

  /** Berth is up, its tables and queues made; then the class's own set-up fails. */
  static class SetUpFailsAfterBerthStarted {
    static String prefix;
    static List<String> madeBeforeFailure;

    @RegisterExtension
    static final RunningBerth BERTH = RunningBerth.withoutPoller("it-teardown");

    @BeforeAll
    static void setUp() {
      prefix = Emulator.prefixOf(BERTH.get().config);
      madeBeforeFailure = Emulator.leftovers(prefix);
      throw new IllegalStateException("the class's set-up failed on purpose");
    }

    @Test
    void neverRuns() {
      fail("the class's set-up failed");
    }
  }

  /** The tables and queues are made; then the server fails to start, inside the extension. */
  static class ServerFailsToStart {
    static String prefix;
    static List<String> madeBeforeFailure;

    @RegisterExtension
    static final RunningBerth BERTH = RunningBerth.startedBy(() -> Berth.open("it-teardown", UnaryOperator.identity(),
        config -> {
          prefix = Emulator.prefixOf(config);
          madeBeforeFailure = Emulator.leftovers(prefix);
          throw new IOException("the server failed to start on purpose");
        }, Clock.systemUTC()));

    @Test
    void neverRuns() {
      fail("Berth did not start");
    }
  }

  @Test
  void aSetUpThatFailsAfterBerthStartedLeavesNoTableOrQueue() {
    Throwable failure = setUpFailure(SetUpFailsAfterBerthStarted.class);
    assertInstanceOf(IllegalStateException.class, failure);
    assertEquals("the class's set-up failed on purpose", failure.getMessage());
    assertFalse(SetUpFailsAfterBerthStarted.madeBeforeFailure.isEmpty(), "the tables and queues existed");
    assertEquals(List.of(), Emulator.leftovers(SetUpFailsAfterBerthStarted.prefix));
  }

  @Test
  void aServerThatFailsToStartLeavesNoTableOrQueue() {
    Throwable failure = setUpFailure(ServerFailsToStart.class);
    assertInstanceOf(IOException.class, failure);
    assertEquals("the server failed to start on purpose", failure.getMessage());
    assertFalse(ServerFailsToStart.madeBeforeFailure.isEmpty(), "the tables and queues existed");
    assertEquals(List.of(), Emulator.leftovers(ServerFailsToStart.prefix));
  }

  /** Runs {@code testClass}; its set-up failure, as reported (no test of it ran). */
  private static Throwable setUpFailure(Class<?> testClass) {
    var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    assertEquals(0, results.testEvents().started().count(), "no test started");
    var failed = results.containerEvents().failed().list();
    assertEquals(1, failed.size(), failed.toString());
    return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
  }
}
