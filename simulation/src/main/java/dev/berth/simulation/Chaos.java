package dev.berth.simulation;

import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.scheduler.service.ServiceTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The busy middle of a run: every ten virtual seconds, user actions and host faults at the
 * configured rates, and clock steps. Also watches each instance whose agent went silent for longer
 * than the lost-after period: by then plus two sweeps its tasks must be STOPPED and replaced. A
 * crash that struck that work (a sweep, the cluster's check, the instance's message or a pass over
 * the service, ended or held back in its batch) may cost it the minute until the next sweep sends it
 * again, so each such crash since the last heartbeat adds a sweep to the bound; the report counts
 * the checks that needed it.
 */
final class Chaos {
  static final Duration TICK = Duration.ofSeconds(10);
  /** Two sweeps of the minute schedule, after which a lost instance's tasks must have been replaced. */
  static final Duration TWO_SWEEPS = Duration.ofMinutes(2);

  private final Simulation sim;
  private final RandomGenerator random;
  private final Instant until;
  long lostWatched;
  /** Lost-instance checks that missed the two-sweep bound and were given a sweep more per crash. */
  long extendedChecks;

  Chaos(Simulation sim, RandomGenerator random, Instant until) {
    this.sim = sim;
    this.random = random;
    this.until = until;
  }

  void tick() {
    if (sim.clock.instant().isBefore(until)) {
      sim.loop.after(TICK, "chaos", this::tick);
    } else {
      return;
    }
    int services = sim.settings.services();
    int instances = sim.settings.instances();
    Workload w = sim.workload;
    repeat(services / 100.0, "scale", w::scale);
    repeat(services / 200.0, "redeploy", w::redeploy);
    repeat(Math.max(0.2, services / 1000.0), "broken deploy", w::brokenDeploy);
    repeat(services / 500.0, "delete or recreate service", w::deleteOrRecreate);
    repeat(Math.max(1, instances / 250.0), "RunTask burst", w::runTasks);
    repeat(instances / 500.0, "StopTask", w::stopTask);
    repeat(Math.max(0.1, instances / 1000.0), "drain instance", w::drain);
    var f = sim.settings.faults();
    double agentHours = sim.fleet.agents().size() * TICK.toSeconds() / 3600.0;
    repeat(f.agentRestart() * agentHours * 60 / TICK.toSeconds(), "agent restart", this::restart);
    repeat(f.agentSilent() * agentHours * 60 / TICK.toSeconds(), "agent silent", this::silence);
    repeat(f.taskExit() * agentHours * 60 / TICK.toSeconds(), "container exit", sim.fleet::containerExit);
    if (sim.faults.strike("clock step", f.clockStep() * TICK.toSeconds() / 60.0)) {
      sim.clock.advance(Duration.ofMillis(1 + random.nextLong(Math.max(1, f.maxClockStep().toMillis()))));
    }
  }

  /** Schedules about {@code perMinute / 6} runs of {@code action} at random moments of this tick. */
  private void repeat(double perMinute, String label, Runnable action) {
    double expected = perMinute * TICK.toSeconds() / 60.0;
    int n = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
    for (int i = 0; i < n; i++) {
      sim.loop.after(Duration.ofMillis(random.nextLong(TICK.toMillis())), label, action);
    }
  }

  private void restart() {
    SimulatedAgent a = sim.fleet.pickUp();
    if (a != null && sim.faults.armed()) {
      sim.faults.count("agent restarted");
      sim.fleet.restart(a);
    }
  }

  private void silence() {
    SimulatedAgent a = sim.fleet.pickUp();
    if (a == null || !sim.faults.armed()) {
      return;
    }
    sim.faults.count("agent went silent");
    Instant lastHeartbeat = a.lastHeartbeat;
    String instanceId = a.instanceId;
    Duration silent = sim.fleet.silence(a);
    Duration lostAfter = sim.config.health().lostAfter();
    if (silent.compareTo(lostAfter.plus(TWO_SWEEPS)) > 0 && lastHeartbeat != null) {
      lostWatched++;
      Map<String, Task> onIt = new TreeMap<>();
      sim.peek(() -> {
        sim.stores.tasks.listByContainerInstance(instanceId).stream().filter(t -> !t.stopped())
            .forEach(t -> onIt.put(t.id(), t));
        return null;
      });
      Instant deadline = lastHeartbeat.plus(lostAfter).plus(TWO_SWEEPS).plusSeconds(1);
      sim.loop.at(deadline, "check lost instance " + instanceId, () -> {
        if (!sim.fleet.lastHeartbeatBefore(a, lastHeartbeat.plusMillis(1)) && instanceId.equals(a.instanceId)) {
          return; // its agent came back (the faults stopped) before the instance was due to be lost
        }
        checkLost(instanceId, onIt, lastHeartbeat, 0);
      });
    }
  }

  /**
   * The crashes since the last heartbeat that struck the work a lost instance waits on: the sweeps,
   * the cluster's checks and the instance's own messages, and, for a service, its passes.
   */
  private int crashes(Instant lastHeartbeat, String instanceId, String service) {
    return sim.consumers.crashesSince(lastHeartbeat, "sweep", "cluster", "instance:" + instanceId)
        + (service == null ? 0 : sim.consumers.crashesSince(lastHeartbeat, "service:" + service));
  }

  /**
   * Whether a missed bound is given another sweep per crash that struck its work: each crash may
   * cost the work a minute, until the next sweep sends it again. Schedules the check again if so.
   */
  private boolean extended(Instant lastHeartbeat, int crashes, int allowed, String label, Runnable again) {
    if (crashes <= allowed) {
      return false;
    }
    extendedChecks++;
    Instant deadline = lastHeartbeat.plus(sim.config.health().lostAfter()).plus(TWO_SWEEPS)
        .plus(Duration.ofMinutes(crashes)).plusSeconds(1);
    sim.loop.at(deadline, label, again);
    return true;
  }

  /**
   * Lost-after plus two sweeps after the last heartbeat (and a sweep more per crash that struck the
   * work): the instance is lost and its service tasks replaced.
   */
  private void checkLost(String instanceId, Map<String, Task> tasks, Instant lastHeartbeat, int allowed) {
    sim.touched(instanceId);
    int crashes = crashes(lastHeartbeat, instanceId, null);
    sim.peek(() -> {
      Optional<ContainerInstance> ci = sim.stores.containerInstances.get(Simulation.CLUSTER, instanceId);
      boolean lost = ci.isPresent() && ContainerInstance.INACTIVE.equals(ci.get().status());
      boolean allStopped = tasks.values().stream().allMatch(t ->
          sim.stores.tasks.get(Simulation.CLUSTER, t.id()).map(Task::stopped).orElse(true));
      if ((!lost || !allStopped) && extended(lastHeartbeat, crashes, allowed, "check lost instance " + instanceId,
          () -> checkLost(instanceId, tasks, lastHeartbeat, crashes))) {
        return null;
      }
      String within = "within the lost-after period plus two sweeps" + (allowed > 0 ? " and " + allowed
          + " more for the crashes that struck its checks" : "");
      if (!lost) {
        sim.invariants.violation("lost instance", instanceId, "silent since " + lastHeartbeat
            + " but not declared lost " + within);
        return null;
      }
      TreeSet<String> services = new TreeSet<>();
      for (Task t : tasks.values()) {
        boolean stopped = sim.stores.tasks.get(Simulation.CLUSTER, t.id()).map(Task::stopped).orElse(true);
        if (!stopped) {
          sim.invariants.violation("lost instance", t.id(), "task on lost instance " + instanceId
              + " is not STOPPED " + within);
        }
        if (t.group() != null && t.group().startsWith("service:")) {
          services.add(t.group().substring("service:".length()));
        }
      }
      for (String service : services) {
        checkReplaced(service, instanceId, lastHeartbeat, allowed);
      }
      return null;
    });
  }

  private void checkReplaced(String service, String instanceId, Instant lastHeartbeat, int allowed) {
    Invariants.ServiceView view = sim.invariants.view(service);
    if (view == null) {
      return;
    }
    var s = view.state().service();
    Instant changed = sim.workload.changedAt.get(service);
    boolean settledRollout = view.state().deployments().stream().filter(Deployment::primary)
        .allMatch(d -> d.rolloutState() == RolloutState.COMPLETED);
    if (s.status() != ServiceStatus.ACTIVE || s.daemon() || !settledRollout
        || changed != null && changed.isAfter(lastHeartbeat.minus(TWO_SWEEPS))) {
      return; // in the middle of something else: its own convergence check covers it
    }
    long live = view.tasks().values().stream().filter(t -> ServiceTask.of(t).live()).count();
    if (live >= s.desiredCount()) {
      return;
    }
    int crashes = crashes(lastHeartbeat, instanceId, service);
    if (extended(lastHeartbeat, crashes, allowed, "check replacements of service " + service,
        () -> sim.peek(() -> {
          checkReplaced(service, instanceId, lastHeartbeat, crashes);
          return null;
        }))) {
      return;
    }
    sim.invariants.violation("lost instance", "service:" + service, "has " + live + " live tasks of "
        + s.desiredCount() + " after instance " + instanceId + " was lost (last heartbeat " + lastHeartbeat + ")"
        + (allowed > 0 ? ", " + allowed + " crashes having struck its work" : ""));
  }
}
