package dev.berth.simulation;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The simulation's knobs, read from system properties (-DSEED=...) or else the environment
 * (SEED=...). Sizes, virtual durations in minutes (RAMP, DURATION of the busy part, QUIET tail) and
 * fault rates; {@code FAULTS} scales every fault rate at once (0 turns faults off).
 */
public record Settings(
    long seed,
    int instances,
    int services,
    int tasksPerService,
    int daemons,
    Duration ramp,
    Duration duration,
    Duration quiet,
    Faults faults,
    boolean brokenRelease) {

  /**
   * Fault rates: {@code crash} per store write (half before it, half after it), {@code conflict} per
   * store write (another operation interleaved at that write), {@code duplicate}, {@code delay} and
   * {@code redeliver} per queue message, {@code lostReport} per agent report, {@code agentRestart},
   * {@code agentSilent}, {@code taskExit} per agent per virtual hour, {@code clockStep} per virtual
   * minute (a jump of up to {@code maxClockStep}).
   */
  public record Faults(double crash, double conflict, double duplicate, double delay, double redeliver,
      double reorder, double lostReport, double agentRestart, double agentSilent, double taskExit, double clockStep,
      Duration maxClockStep) {

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO);

    public boolean any() {
      return crash + conflict + duplicate + delay + redeliver + reorder + lostReport + agentRestart + agentSilent
          + taskExit + clockStep > 0;
    }
  }

  /** Defaults: the sizes `make simulate` runs with when nothing is set. */
  public static Settings defaults() {
    return from(name -> null);
  }

  public static Settings fromEnvironment() {
    return from(name -> {
      String value = System.getProperty(name);
      if (value == null || value.isBlank()) {
        value = System.getenv(name);
      }
      return value == null || value.isBlank() ? null : value.trim();
    });
  }

  public static Settings from(Map<String, String> values) {
    return from(values::get);
  }

  static Settings from(Function<String, String> lookup) {
    Knobs k = new Knobs(lookup);
    double scale = k.number("FAULTS", 1.0);
    Faults faults = new Faults(
        scale * k.number("CRASH_RATE", 0.002),
        scale * k.number("CONFLICT_RATE", 0.002),
        scale * k.number("DUPLICATE_RATE", 0.02),
        scale * k.number("DELAY_RATE", 0.02),
        scale * k.number("REDELIVER_RATE", 0.01),
        scale * k.number("REORDER_RATE", 0.05),
        scale * k.number("LOST_REPORT_RATE", 0.02),
        scale * k.number("AGENT_RESTART_RATE", 0.2),
        scale * k.number("AGENT_SILENT_RATE", 0.05),
        scale * k.number("TASK_EXIT_RATE", 0.05),
        scale * k.number("CLOCK_STEP_RATE", 0.2),
        Duration.ofSeconds((long) k.number("MAX_CLOCK_STEP_SECONDS", 20)));
    return new Settings(
        (long) k.number("SEED", 1),
        (int) k.number("INSTANCES", 5000),
        (int) k.number("SERVICES", 5000),
        (int) k.number("TASKS", 3),
        (int) k.number("DAEMONS", 2),
        Duration.ofMinutes((long) k.number("RAMP", 5)),
        Duration.ofMinutes((long) k.number("DURATION", 20)),
        Duration.ofMinutes((long) k.number("QUIET", 15)),
        faults,
        k.number("BROKEN_RELEASE", 0) != 0);
  }

  /** The settings as printed at the head of a run. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>();
    out.put("SEED", Long.toString(seed));
    out.put("INSTANCES", Integer.toString(instances));
    out.put("SERVICES", Integer.toString(services));
    out.put("TASKS", Integer.toString(tasksPerService));
    out.put("DAEMONS", Integer.toString(daemons));
    out.put("RAMP", Long.toString(ramp.toMinutes()));
    out.put("DURATION", Long.toString(duration.toMinutes()));
    out.put("QUIET", Long.toString(quiet.toMinutes()));
    out.put("faults", faults.toString().replace("Faults", ""));
    if (brokenRelease) {
      out.put("BROKEN_RELEASE", "1");
    }
    return out;
  }

  public Settings withFaults(Faults next) {
    return new Settings(seed, instances, services, tasksPerService, daemons, ramp, duration, quiet, next,
        brokenRelease);
  }

  private record Knobs(Function<String, String> lookup) {
    double number(String name, double otherwise) {
      String value = lookup.apply(name);
      if (value == null) {
        return otherwise;
      }
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number, not " + value, e);
      }
    }
  }
}
