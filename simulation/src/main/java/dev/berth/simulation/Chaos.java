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
 * than the lost-after period: by then plus two sweeps its tasks must be STOPPED and replaced.
 */
final class Chaos {
  static final Duration TICK = Duration.ofSeconds(10);
  /** Two sweeps of the minute schedule, after which a lost instance's tasks must have been replaced. */
  static final Duration TWO_SWEEPS = Duration.ofMinutes(2);

  private final Simulation sim;
  private final RandomGenerator random;
  private final Instant until;
  long lostWatched;

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
        checkLost(instanceId, onIt, lastHeartbeat);
      });
    }
  }

  /** Lost-after plus two sweeps after the last heartbeat: the instance is lost and its service tasks replaced. */
  private void checkLost(String instanceId, Map<String, Task> tasks, Instant lastHeartbeat) {
    sim.touched(instanceId);
    sim.peek(() -> {
      Optional<ContainerInstance> ci = sim.stores.containerInstances.get(Simulation.CLUSTER, instanceId);
      if (ci.isEmpty() || !ContainerInstance.INACTIVE.equals(ci.get().status())) {
        sim.invariants.violation("lost instance", instanceId, "silent since " + lastHeartbeat
            + " but not declared lost within the lost-after period plus two sweeps");
        return null;
      }
      TreeSet<String> services = new TreeSet<>();
      for (Task t : tasks.values()) {
        boolean stopped = sim.stores.tasks.get(Simulation.CLUSTER, t.id()).map(Task::stopped).orElse(true);
        if (!stopped) {
          sim.invariants.violation("lost instance", t.id(), "task on lost instance " + instanceId + " is not STOPPED");
        }
        if (t.group() != null && t.group().startsWith("service:")) {
          services.add(t.group().substring("service:".length()));
        }
      }
      for (String service : services) {
        checkReplaced(service, instanceId, lastHeartbeat);
      }
      return null;
    });
  }

  private void checkReplaced(String service, String instanceId, Instant lastHeartbeat) {
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
    if (live < s.desiredCount()) {
      sim.invariants.violation("lost instance", "service:" + service, "has " + live + " live tasks of "
          + s.desiredCount() + " after instance " + instanceId + " was lost (last heartbeat " + lastHeartbeat + ")");
    }
  }
}
