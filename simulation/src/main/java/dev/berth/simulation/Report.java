package dev.berth.simulation;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The figures a run prints: what it did, what struck it, how fast services settled, what it cost. */
final class Report {
  /** The steady window: the last minutes of the quiet tail, when every service has settled. */
  static final int STEADY_MINUTES = 5;

  private final Simulation sim;

  Report(Simulation sim) {
    this.sim = sim;
  }

  void print(PrintStream out) {
    Settings s = sim.settings;
    out.println("virtual time: ramp " + s.ramp().toMinutes() + " min, chaos " + s.duration().toMinutes()
        + " min, quiet " + s.quiet().toMinutes() + " min; steps " + sim.loop.steps());
    section(out, "operations (outcome: count)", sim.calls.outcomes());
    out.println("placements: reservations " + sim.observer.reservations + ", refused by the ledger's condition "
        + sim.observer.refusedReservations + ", optimistic races lost " + sim.observer.lostRaces);
    out.println("tasks: written " + sim.observer.written.size() + ", started by agents " + sim.fleet.started
        + ", stopped on hosts " + sim.fleet.stopped + ", reports accepted " + sim.fleet.reports
        + ", state changes applied " + sim.consumers.stateChanges);
    out.println("reconciler: service messages " + sim.consumers.servicePasses + ", passes saved "
        + sim.observer.passesSaved + " (and " + sim.observer.steadySavesUnanswered + " steady saves written whose answer"
        + " was lost), messages a saved pass had already read " + sim.observer.triggersPassed
        + ", cluster sweeps " + sim.consumers.clusterSweeps + ", lost-instance messages "
        + sim.consumers.lostInstanceMessages + ", passes bound-checked " + sim.invariants.passesChecked
        + ", instance ledgers checked " + sim.invariants.instancesChecked + ", lost instances watched "
        + sim.chaos.lostWatched + " (checks given a sweep per crash that struck their work: "
        + sim.chaos.extendedChecks + ")");
    out.println("dead letters: task-state " + sim.stores.taskStateQueue.queue().deadLetters().size()
        + ", reconcile " + sim.stores.reconcileQueue.queue().deadLetters().size());
    section(out, "events", sim.counts());
    section(out, "faults injected by kind", sim.faults.injected());
    convergence(out);
    Duration settled = Duration.between(sim.quietStart, sim.lastSteady);
    out.println("every service steady " + (settled.isNegative() ? "before the faults stopped"
        : VirtualClock.format(settled) + " after the faults stopped") + " (bound " + sim.convergeWithin().toMinutes()
        + " min)");
    cost(out);
  }

  private static void section(PrintStream out, String title, Map<String, Long> values) {
    out.println(title + ":");
    values.forEach((k, v) -> out.println("  " + k + ": " + v));
  }

  private void convergence(PrintStream out) {
    List<Duration> times = new ArrayList<>(sim.workload.convergence);
    Collections.sort(times);
    if (times.isEmpty()) {
      out.println("convergence after a user change: none measured");
      return;
    }
    out.println("convergence after a user change (n=" + times.size() + "): p50 " + pick(times, 0.50) + ", p90 "
        + pick(times, 0.90) + ", p99 " + pick(times, 0.99) + ", max " + VirtualClock.format(times.get(times.size() - 1)));
  }

  private static String pick(List<Duration> sorted, double q) {
    return VirtualClock.format(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))));
  }

  private void cost(PrintStream out) {
    long rampEnd = sim.settings.ramp().toMinutes();
    long chaosEnd = rampEnd + sim.settings.duration().toMinutes();
    long end = chaosEnd + sim.settings.quiet().toMinutes();
    long steadyFrom = Math.max(chaosEnd, end - STEADY_MINUTES);
    CostMeter.Minute all = sim.meter.sum(0, end);
    out.println("store calls over the whole run (minutes 0-" + end + "): reads " + all.reads + " (items " + all.items
        + "), writes " + all.writes);
    CostMeter.Minute chaos = sim.meter.sum(rampEnd, chaosEnd);
    out.println("store calls per virtual minute during deployments, scaling and faults (minutes " + rampEnd + "-"
        + chaosEnd + "): reads " + perMinute(chaos.reads, chaosEnd - rampEnd) + " (items "
        + perMinute(chaos.items, chaosEnd - rampEnd) + "), writes " + perMinute(chaos.writes, chaosEnd - rampEnd));
    CostMeter.Minute steady = sim.meter.sum(steadyFrom, end);
    long minutes = end - steadyFrom;
    out.println("=== steady virtual minute (instances=" + sim.settings.instances() + ", services="
        + sim.settings.services() + ", tasks per service=" + sim.settings.tasksPerService() + ", minutes "
        + steadyFrom + "-" + end + ") ===");
    out.println("reads/min " + perMinute(steady.reads, minutes) + ", items read/min " + perMinute(steady.items, minutes)
        + ", writes/min " + perMinute(steady.writes, minutes));
    steady.readsByStore.forEach((k, v) -> out.println("  reads  " + k + ": " + perMinute(v, minutes)));
    steady.writesByStore.forEach((k, v) -> out.println("  writes " + k + ": " + perMinute(v, minutes)));
    out.println("=== end of steady minute ===");
  }

  private static String perMinute(long total, long minutes) {
    return minutes <= 0 ? "n/a" : String.format("%.1f", total / (double) minutes);
  }
}
