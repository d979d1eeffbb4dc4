package dev.berth.simulation;

import dev.berth.core.Config;
import dev.berth.core.store.memory.InMemoryQueue;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.ServiceStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * A deterministic simulation of Berth's control plane: the real use cases (registration, RunTask,
 * StopTask, the service API, the reconciler and its sweep, task-state handling, ledger repair,
 * missing-instance detection, placement) on the in-memory stores and queues, driven by one
 * single-threaded event loop on a virtual clock, with simulated agents, a user workload and faults
 * injected, and invariants checked after every step. The same settings give the same output, line
 * for line, except the wall-time line.
 */
public final class Simulation {
  static final String CLUSTER = "sim";
  /** Violations printed with their trace (all are counted). */
  static final int PRINTED = 20;
  /** Ids of other resources a violation names (their traces are printed too). */
  private static final java.util.regex.Pattern RELATED = java.util.regex.Pattern.compile("\\b[0-9a-f]{32}\\b");

  private static final String DEBUG = System.getProperty("DEBUG_RESOURCE", System.getenv("DEBUG_RESOURCE"));
  final Settings settings;
  final VirtualClock clock = new VirtualClock();
  /** What the control plane's code reads: the virtual clock and the current process's skew. */
  final ProcessClock processClock = new ProcessClock(clock);
  final EventLoop loop = new EventLoop(clock);
  final Config config;
  final CostMeter meter = new CostMeter(clock);
  final FaultInjector faults;
  final RandomGenerator faultRandom;
  final InMemoryStores stores;
  final Observer observer = new Observer();
  final SimulationComponent core;
  final Invariants invariants;
  final Calls calls;
  final Fleet fleet;
  final Workload workload;
  final Consumers consumers;
  final Chaos chaos;
  final Trace trace = new Trace();
  private final Map<String, Long> counts = new TreeMap<>();
  private final List<String> stepResources = new ArrayList<>();
  private final List<String> acknowledged = new ArrayList<>();
  private final PrintStream out;
  /** Where progress goes (standard error from the command line; none in tests): not part of the output. */
  PrintStream progress;
  private int printedViolations;
  /** When the last service still steady at the end became so. */
  Instant lastSteady = VirtualClock.EPOCH;
  final Instant chaosStart;
  final Instant quietStart;
  final Instant end;

  public Simulation(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    RandomGenerator master = SimulationModule.generator(settings.seed());
    faultRandom = SimulationModule.generator(master.nextLong());
    RandomGenerator workloadRandom = SimulationModule.generator(master.nextLong());
    RandomGenerator agentRandom = SimulationModule.generator(master.nextLong());
    RandomGenerator coreSeeds = SimulationModule.generator(master.nextLong());
    RandomGenerator orderRandom = SimulationModule.generator(master.nextLong());
    faults = new FaultInjector(settings.faults(), faultRandom, processClock, meter);
    InMemoryQueue taskState = new InMemoryQueue("task-state", clock, faults,
        new DeliveryOrder(faults, orderRandom, settings.faults().reorder()), 5);
    InMemoryQueue reconcile = new InMemoryQueue("reconcile", clock, faults,
        new DeliveryOrder(faults, orderRandom, settings.faults().reorder()), 5);
    stores = new InMemoryStores(clock, faults, taskState, reconcile);
    config = Config.withPrefix("sim", Optional.empty()).withMetricsFile("/dev/null");
    var instances = new ObservedInstances(stores.containerInstances, observer, settings.brokenRelease(), 20);
    core = DaggerSimulationComponent.builder().simulationModule(new SimulationModule(config, clock, processClock,
        stores, instances, new ObservedTasks(stores.tasks, observer),
        new ObservedServices(stores.services, observer, clock, this::dueAtAnyTime), coreSeeds)).build();
    fleet = new Fleet(this, agentRandom);
    invariants = new Invariants(CLUSTER, stores, observer, faults, clock, processClock, fleet::runningOn);
    calls = new Calls(invariants);
    workload = new Workload(this, workloadRandom);
    consumers = new Consumers(this, taskState, reconcile);
    faults.interleaveWith(this::interleave);
    chaosStart = VirtualClock.EPOCH.plus(settings.ramp());
    quietStart = chaosStart.plus(settings.duration());
    end = quietStart.plus(settings.quiet());
    chaos = new Chaos(this, workloadRandom, quietStart);
  }

  /** Runs with the knobs from system properties and the environment; exits non-zero on a violation. */
  public static void main(String[] args) {
    Logger.getLogger("").setLevel(Level.OFF); // the code under test logs what it survives; the report says it
    Simulation simulation = new Simulation(Settings.fromEnvironment(), System.out);
    simulation.progress = System.err;
    Result result = simulation.run();
    System.exit(result.violations() == 0 ? 0 : 1);
  }

  /** What a run found. */
  public record Result(long faults, int violations) {}

  public Result run() {
    long wallStart = System.nanoTime();
    out.println("Berth simulation " + settings.describe());
    setUp();
    EventLoop.Event e;
    long minute = 0;
    while ((e = loop.next(end)) != null) {
      step(e);
      long now = Duration.between(VirtualClock.EPOCH, clock.instant()).toMinutes();
      if (progress != null && now > minute) {
        minute = now;
        progress.println("virtual minute " + minute + " of " + Duration.between(VirtualClock.EPOCH, end).toMinutes()
            + ": " + loop.steps() + " steps, " + (System.nanoTime() - wallStart) / 1_000_000_000 + " s");
      }
    }
    finish();
    new Report(this).print(out);
    out.println("wall time: " + (System.nanoTime() - wallStart) / 1_000_000 + " ms");
    int violations = invariants.violations().size();
    out.println("faults injected: " + faults.total() + ", invariant violations: " + violations);
    return new Result(faults.total(), violations);
  }

  private void setUp() {
    workload.setUp();
    Duration registerWithin = settings.ramp().dividedBy(2);
    for (int i = 0; i < settings.instances(); i++) {
      fleet.launch(registerWithin);
    }
    RandomGenerator spread = SimulationModule.generator(settings.seed() ^ 0x5eed);
    for (int i = 1; i <= settings.services(); i++) {
      String name = Workload.name(i);
      Duration at = registerWithin.plusMillis(spread.nextLong(Math.max(1, registerWithin.toMillis())));
      loop.after(at, "create " + name, () -> workload.create(name, false));
    }
    for (int d = 1; d <= settings.daemons(); d++) {
      String name = String.format("daemon-%02d", d);
      loop.after(registerWithin, "create " + name, () -> workload.create(name, true));
    }
    for (Instant t = VirtualClock.EPOCH.plus(Duration.ofMinutes(1)); !t.isAfter(end); t = t.plus(Duration.ofMinutes(1))) {
      loop.at(t, "sweep", () -> {
        if (calls.call("sweep", () -> core.sweep().sweep()).isEmpty()) {
          consumers.sweepCrashed();
        }
      });
      if (t.getEpochSecond() % 300 == 0) {
        loop.at(t, "expire stopped tasks", () -> peek(() -> stores.tasks.expire(clock.instant())));
      }
    }
    loop.after(Duration.ofSeconds(1), "poll queues", consumers::poll);
    loop.at(chaosStart, "chaos begins", () -> {
      meter.phase("chaos");
      faults.arm(settings.faults().any());
      chaos.tick();
    });
    loop.at(quietStart, "quiet tail begins", () -> {
      meter.phase("quiet");
      faults.arm(false);
      fleet.healAll(); // the network heals and restarting agents are back: faults have stopped
    });
    meter.phase("ramp");
  }

  private void step(EventLoop.Event e) {
    observer.beginStep();
    processClock.setSkew(Duration.ZERO); // each step is another call or invocation, with its own clock
    stepResources.clear();
    int before = invariants.violations().size();
    try {
      e.action().run();
    } catch (SimulatedCrash crash) {
      count("crash outside a handler");
    } catch (RuntimeException ex) {
      calls.unexpected(e.label(), ex);
    }
    long step = loop.steps();
    TreeSet<String> resources = new TreeSet<>(stepResources);
    resources.addAll(observer.touchedInstances);
    resources.addAll(observer.touchedTasks);
    observer.touchedServices.forEach(s -> resources.add("service:" + s));
    trace.record("step " + step + " at " + clock.elapsed() + ": " + e.label(), resources);
    if (DEBUG != null && resources.contains(DEBUG)) {
      peek(() -> {
        if (DEBUG.startsWith("service:")) {
          var st = stores.services.observe(CLUSTER, DEBUG.substring(8)).orElse(null);
          out.println("DEBUG step " + step + " at " + clock.elapsed() + " " + e.label() + ": " + (st == null ? null
              : "desired=" + st.service().desiredCount() + " ids=" + st.taskIds().size() + " deployments="
              + st.deployments().stream().map(d -> d.status() + "/" + d.rolloutState() + " r" + d.runningCount()
              + " p" + d.pendingCount()).toList() + " events=" + st.service().events().stream().limit(2)
              .map(ev -> ev.createdAt() + " " + ev.message()).toList()));
          return null;
        }
        out.println("DEBUG step " + step + " at " + clock.elapsed() + " " + e.label() + ": "
            + stores.tasks.get(CLUSTER, DEBUG).map(Object::toString).or(() -> stores.containerInstances.get(CLUSTER, DEBUG).map(ci -> ci.status()
                + " connected=" + ci.agentConnected() + " reservations=" + ci.reservations().keySet())).orElse(null));
        return null;
      });
    }
    invariants.afterStep(step);
    workload.observeSteady(observer.steadyAt);
    report(before);
  }

  /** Prints the violations found since {@code before}, each with the last steps that touched its resource. */
  private void report(int before) {
    List<Invariants.Violation> all = invariants.violations();
    for (int i = before; i < all.size() && printedViolations < PRINTED; i++, printedViolations++) {
      Invariants.Violation v = all.get(i);
      out.println("VIOLATION [" + v.rule() + "] seed " + settings.seed() + ", step " + v.step() + " at " + v.time()
          + ": " + v.resource() + ": " + v.detail());
      for (String line : trace.of(v.resource())) {
        out.println("    " + line);
      }
      var related = RELATED.matcher(v.detail());
      while (related.find()) {
        if (!related.group().equals(v.resource())) {
          out.println("  " + related.group() + ":");
          trace.of(related.group()).forEach(line -> out.println("    " + line));
        }
      }
    }
  }

  /** The end of the quiet tail: the whole ledger audited, every service converged, no acknowledged task lost. */
  private void finish() {
    int before = invariants.violations().size();
    faults.suspend();
    try {
      core.audit().check(CLUSTER).forEach(line -> invariants.violation("ledger audit", line.split(":")[0], line));
      stores.containerInstances.inCluster(CLUSTER).forEach(invariants::checkLedger);
      for (String id : acknowledged) {
        if (!observer.written.contains(id)) {
          invariants.violation("acknowledged task", id, "returned by RunTask but never written");
        }
      }
      for (String id : new TreeSet<>(observer.written)) {
        if (!observer.seenStopped.contains(id) && stores.tasks.get(CLUSTER, id).isEmpty()) {
          invariants.violation("acknowledged task", id, "written and never STOPPED, but gone at the end");
        }
      }
      for (var summary : stores.services.summaries(CLUSTER)) {
        String name = summary.name();
        if (summary.status() == ServiceStatus.DRAINING) {
          invariants.violation("convergence", "service:" + name, "still DRAINING after the quiet tail");
        } else if (summary.status() == ServiceStatus.ACTIVE && observer.steadyAt.containsKey(name)) {
          Instant steady = observer.steadyAt.get(name);
          if (steady.isAfter(lastSteady)) {
            lastSteady = steady;
          }
          if (steady.isAfter(convergedBy())) {
            invariants.violation("convergence", "service:" + name, "steady only at "
                + VirtualClock.format(Duration.between(VirtualClock.EPOCH, steady)) + ", later than "
                + convergeWithin().toMinutes() + " minutes after the faults stopped");
          }
        } else if (summary.status() == ServiceStatus.ACTIVE) {
          var state = stores.services.observe(CLUSTER, name).orElseThrow();
          if (state.deployments().stream().anyMatch(d -> d.primary() && d.rolloutState() == RolloutState.FAILED)) {
            // the circuit breaker failed it with nothing completed to roll back to: it waits for its user
            count("services left FAILED by the circuit breaker (nothing to roll back to)");
            continue;
          }
          invariants.violation("convergence", "service:" + name, "not steady after " + settings.quiet().toMinutes()
              + " quiet minutes: desired " + state.service().desiredCount() + ", deployments " + state.deployments()
              + ", tasks " + stores.tasks.getAll(CLUSTER, state.taskIds()).values().stream().filter(t -> !t.stopped())
                  .map(t -> t.id() + " " + t.lastStatus() + "/" + t.desiredStatus() + " on " + t.containerInstanceId())
                  .sorted().toList());
        }
      }
    } finally {
      faults.resume();
    }
    report(before);
  }

  /** How long after the faults stop every service must be steady: the quiet tail but its measured steady minutes. */
  Duration convergeWithin() {
    Duration within = settings.quiet().minusMinutes(Report.STEADY_MINUTES);
    return within.compareTo(Duration.ofMinutes(5)) < 0 ? settings.quiet() : within;
  }

  Instant convergedBy() {
    return quietStart.plus(convergeWithin());
  }

  /**
   * Another operation, run between the current one's read and its write: aimed at the item being
   * written when there is one (a StopTask of the task, a StartTask on the instance, a drain of the
   * instance), so the write's condition meets a change it did not read; else one queued message.
   */
  private void interleave() {
    String task = observer.writingTask;
    String instance = observer.writingInstance;
    if (task != null && faultRandom.nextBoolean()) {
      count("interleaved: StopTask of the task being written");
      calls.call("StopTask (interleaved)", () -> core.tasks().stop(CLUSTER, task, "interleaved"));
    } else if (instance != null && faultRandom.nextBoolean()) {
      count("interleaved: StartTask on the instance being written");
      calls.call("StartTask (interleaved)", () -> core.launcher().startTask(new dev.berth.core.tasks.LaunchRequest(
          CLUSTER, Workload.BATCH, 1, null, "sim-interleaved", null, null, null, null, null, List.of(instance), null,
          null)));
    } else {
      count("interleaved: a queued message handled");
      consumers.interleave();
    }
  }

  // --- for the parts of the simulation ---

  /** Names a resource the current step acted on (for its trace). */
  void touched(String resource) {
    if (resource != null) {
      stepResources.add(resource);
    }
  }

  void acknowledged(String taskId) {
    acknowledged.add(taskId);
    touched(taskId);
  }

  void count(String what) {
    counts.merge(what, 1L, Long::sum);
  }

  Map<String, Long> counts() {
    return counts;
  }

  /** Reads the stores as the simulation itself (not counted, never faulted). */
  /** Whether the store has the service due at some time, however far off (read as {@link #peek} reads). */
  boolean dueAtAnyTime(String cluster, String service) {
    return peek(() -> stores.services.due(cluster, end.plus(Duration.ofDays(365))).contains(service));
  }

  <T> T peek(Supplier<T> read) {
    faults.suspend();
    try {
      return read.get();
    } finally {
      faults.resume();
    }
  }
}
