package dev.berth.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small runs with every fault turned up: no invariant may break; a seed always gives the same run;
 * and a build that skips one release in the ledger is caught, so the invariants can fail.
 */
class SimulationTest {

  @BeforeAll
  static void quiet() {
    Logger.getLogger("").setLevel(Level.OFF);
  }

  /** A small cluster, a short run, every fault kind at five times its default rate. */
  private static Settings small(long seed, String... more) {
    Map<String, String> knobs = new HashMap<>(Map.of("SEED", Long.toString(seed), "INSTANCES", "24",
        "SERVICES", "16", "DURATION", "10", "QUIET", "12", "RAMP", "4", "FAULTS", "5",
        "AGENT_SILENT_RATE", "0.2"));
    for (int i = 0; i + 1 < more.length; i += 2) {
      knobs.put(more[i], more[i + 1]);
    }
    return Settings.from(knobs);
  }

  private record Run(Simulation.Result result, String output) {
    List<String> lines() {
      return output.lines().toList();
    }
  }

  private static Run run(Settings settings) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Simulation.Result result;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      result = new Simulation(settings, out).run();
    }
    return new Run(result, bytes.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void everyFaultKindStrikesAndNoInvariantBreaks(long seed) {
    Run run = run(small(seed));
    assertEquals(0, run.result().violations(), run.output());
    String faults = run.output();
    for (String kind : List.of("crash before a write", "crash after a write", "operation interleaved at a write",
        "queue message duplicated", "queue message delayed", "queue message delivered out of order",
        "message not deleted", "agent report lost", "agent restarted", "agent went silent", "clock step")) {
      assertTrue(faults.contains(kind), "no fault of kind '" + kind + "' struck:\n" + run.output());
    }
    String last = run.lines().get(run.lines().size() - 1);
    assertEquals("faults injected: " + run.result().faults() + ", invariant violations: 0", last);
    assertTrue(run.result().faults() > 50, last);
  }

  @Test
  void aSeedAlwaysGivesTheSameRun() {
    String first = withoutTimings(run(small(42)).output());
    String second = withoutTimings(run(small(42)).output());
    assertEquals(first, second);
    assertTrue(first.contains("faults injected:"));
    String other = withoutTimings(run(small(43)).output());
    assertTrue(!first.equals(other), "another seed gives another run");
  }

  private static String withoutTimings(String output) {
    return output.lines().filter(l -> !l.startsWith("wall time:")).collect(Collectors.joining("\n"));
  }

  @Test
  void aLedgerThatSkipsOneReleaseIsCaught() {
    Run run = run(small(1, "BROKEN_RELEASE", "1", "FAULTS", "0"));
    assertTrue(run.result().violations() > 0, run.output());
    assertTrue(run.output().contains("VIOLATION [release] seed 1"), run.output());
    assertTrue(run.output().contains("reservation is still in the ledger"), run.output());
  }

  @Test
  void theSameBrokenLedgerIsCaughtUnderFaultsToo() {
    Run run = run(small(5, "BROKEN_RELEASE", "1"));
    assertTrue(run.result().violations() > 0, run.output());
  }
}
