package dev.berth.simulation;

import dev.berth.core.Page;
import dev.berth.core.instances.InstanceHealth;
import dev.berth.core.instances.InstanceIdentity;
import dev.berth.core.instances.Registration;
import dev.berth.core.tasks.StateChange;
import dev.berth.core.tasks.Tasks;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.Resource;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The hosts and their agents. Each agent registers, heartbeats every heartbeat interval, polls for
 * its tasks (ListTasks for its instance, DescribeTasks for what changed) as the real agent does,
 * starts and stops containers, and reports their states through the task-state queue. The faults
 * that strike agents come from here too: lost reports, restarts, silences, containers exiting.
 */
final class Fleet {
  /** The smallest host: 4 vCPU, 16 GiB. */
  static final int CPU = 4096;
  static final Duration POLL = Duration.ofSeconds(20);
  /** The real agent's TaskPoller.STOP_CHECK_EVERY. */
  static final int STOP_CHECK_EVERY = 6;
  static final String CONTAINER = "app";
  /** Tasks of this family never start: their image cannot be pulled. */
  static final String BROKEN_FAMILY = "broken";

  private final Simulation sim;
  private final RandomGenerator random;
  private final List<SimulatedAgent> agents = new ArrayList<>();
  private final Map<String, SimulatedAgent> byInstance = new HashMap<>();
  private final Duration heartbeat;
  long started;
  long stopped;
  long reports;

  Fleet(Simulation sim, RandomGenerator random) {
    this.sim = sim;
    this.random = random;
    this.heartbeat = sim.config.health().heartbeatInterval();
    // Hosts big enough for every service at twice its size (a rollout at maximumPercent 200) with room
    // to spare, so that a service that cannot be placed is a finding, not the workload's shortfall.
    Settings s = sim.settings;
    long needed = 2L * s.services() * (s.tasksPerService() + 1) * 256 / Math.max(1, s.instances());
    this.cpu = (int) Math.max(CPU, (needed + 2048 + 1023) / 1024 * 1024);
  }

  private final int cpu;

  List<SimulatedAgent> agents() {
    return agents;
  }

  /** The tasks the host behind {@code instanceId} runs (empty for an instance no host stands behind now). */
  Set<String> runningOn(String instanceId) {
    SimulatedAgent a = byInstance.get(instanceId);
    return a == null || a.status == SimulatedAgent.Status.GONE ? Set.of() : a.tasks.keySet();
  }

  SimulatedAgent agentOf(String instanceId) {
    return byInstance.get(instanceId);
  }

  /** A new host whose agent registers within {@code within}. */
  SimulatedAgent launch(Duration within) {
    SimulatedAgent a = new SimulatedAgent(agents.size());
    agents.add(a);
    long gen = a.generation;
    sim.loop.after(jitter(within), "register " + a, () -> register(a, gen));
    return a;
  }

  private Duration jitter(Duration within) {
    return Duration.ofMillis(random.nextLong(Math.max(1, within.toMillis())));
  }

  private void register(SimulatedAgent a, long gen) {
    if (gen != a.generation || a.status != SimulatedAgent.Status.UP) {
      return;
    }
    List<Resource> resources = List.of(Resource.integer("CPU", cpu), Resource.integer("MEMORY", 4 * cpu),
        Resource.stringSet("PORTS", List.of("22")));
    var registered = sim.calls.call("RegisterContainerInstance", () -> sim.core.containerInstances().register(
        new Registration(Simulation.CLUSTER, null, InstanceIdentity.NONE, resources, null, List.of(), List.of())));
    if (registered.isEmpty()) {
      sim.loop.after(Duration.ofSeconds(10), "register again " + a, () -> register(a, gen));
      return;
    }
    ContainerInstance ci = registered.get();
    a.instanceId = ci.id();
    a.instanceArn = sim.core.arns().containerInstance(Simulation.CLUSTER, ci.id());
    a.lastHeartbeat = sim.clock.instant();
    byInstance.put(ci.id(), a);
    sim.touched(ci.id());
    startLoops(a);
  }

  private void startLoops(SimulatedAgent a) {
    long gen = a.generation;
    sim.loop.after(jitter(heartbeat), "heartbeat " + a, () -> heartbeat(a, gen));
    sim.loop.after(jitter(POLL), "poll " + a, () -> poll(a, gen));
  }

  private void heartbeat(SimulatedAgent a, long gen) {
    if (gen != a.generation) {
      return;
    }
    sim.loop.after(heartbeat, "heartbeat " + a, () -> heartbeat(a, gen));
    if (!a.reachable()) {
      return;
    }
    sim.touched(a.instanceId);
    try {
      sim.calls.callOrThrowEcs("heartbeat", () -> sim.core.instanceHealth().heartbeat(Simulation.CLUSTER, a.instanceArn))
          .ifPresent(ci -> a.lastHeartbeat = sim.clock.instant());
    } catch (EcsException e) {
      if (InstanceHealth.INACTIVE_INSTANCE.equals(e.code()) && !a.draining) {
        rejoin(a);
      }
    }
  }

  /**
   * The instance was declared lost while the agent was cut off: like the real agent, it forgets the
   * old instance and registers as a new one; its old containers are killed with the old registration.
   */
  private void rejoin(SimulatedAgent a) {
    sim.count("agent registered again after its instance was lost");
    byInstance.remove(a.instanceId);
    a.tasks.clear();
    a.finished.clear();
    a.outbox.clear();
    a.instanceId = null;
    a.instanceArn = null;
    a.generation++;
    long gen = a.generation;
    sim.loop.after(Duration.ofSeconds(1), "register " + a, () -> register(a, gen));
  }

  private void poll(SimulatedAgent a, long gen) {
    if (gen != a.generation) {
      return;
    }
    sim.loop.after(POLL, "poll " + a, () -> poll(a, gen));
    if (!a.reachable()) {
      return;
    }
    sim.touched(a.instanceId);
    Set<String> listed = list(a, "RUNNING");
    if (listed == null) {
      return;
    }
    a.finished.retainAll(listed); // what is no longer listed will not be listed again
    List<String> ask = new ArrayList<>();
    for (String id : listed) {
      if (!a.tasks.containsKey(id) && !a.finished.contains(id)) {
        ask.add(id);
      }
    }
    for (var t : a.tasks.values()) {
      if (!listed.contains(t.id) && t.phase != SimulatedAgent.Phase.STOPPING) {
        ask.add(t.id);
      }
    }
    for (int from = 0; from < ask.size(); from += 100) {
      List<String> batch = ask.subList(from, Math.min(ask.size(), from + 100));
      var described = sim.calls.call("DescribeTasks", () -> sim.core.tasks().describe(Simulation.CLUSTER, batch));
      if (described.isEmpty()) {
        return;
      }
      for (Task t : described.get().tasks()) {
        act(a, t);
      }
      for (String missing : described.get().missing()) {
        SimulatedAgent.HostTask ht = a.tasks.get(missing);
        if (ht != null) {
          stop(a, ht); // the control plane no longer has it
        }
      }
    }
    if (a.polls++ % STOP_CHECK_EVERY == 0) {
      settleUnseenStops(a);
    }
  }

  /** ListTasks for the agent's instance and a desired status, all pages; null if a call failed. */
  private Set<String> list(SimulatedAgent a, String desiredStatus) {
    Set<String> listed = new LinkedHashSet<>();
    String token = null;
    do {
      String from = token;
      var page = sim.calls.call("ListTasks", () -> sim.core.tasks().list(Simulation.CLUSTER,
          new Tasks.Filter(a.instanceArn, null, null, null, desiredStatus, null), 100, from));
      if (page.isEmpty()) {
        return null;
      }
      Page<Task> p = page.get();
      p.items().forEach(t -> listed.add(t.id()));
      token = p.nextToken();
    } while (token != null);
    return listed;
  }

  /**
   * As the real agent (TaskPoller): tasks desired STOPPED that this agent never saw and that never
   * stopped are reported STOPPED, or nothing would give their resources back.
   */
  private void settleUnseenStops(SimulatedAgent a) {
    Set<String> desiredStopped = list(a, "STOPPED");
    if (desiredStopped == null) {
      return;
    }
    a.stopsSeen.retainAll(desiredStopped);
    List<String> unknown = desiredStopped.stream()
        .filter(id -> !a.tasks.containsKey(id) && !a.finished.contains(id) && !a.stopsSeen.contains(id)).toList();
    for (int from = 0; from < unknown.size(); from += 100) {
      List<String> batch = unknown.subList(from, Math.min(unknown.size(), from + 100));
      var described = sim.calls.call("DescribeTasks", () -> sim.core.tasks().describe(Simulation.CLUSTER, batch));
      if (described.isEmpty()) {
        return;
      }
      for (Task t : described.get().tasks()) {
        if (!t.stopped()) {
          sim.touched(t.id());
          sim.count("task stopped before its agent saw it, reported STOPPED");
          report(a, change(a, t.id(), TaskStatus.STOPPED, "Task stopped before it started", null));
        }
        a.stopsSeen.add(t.id());
      }
    }
  }

  private void act(SimulatedAgent a, Task t) {
    SimulatedAgent.HostTask known = a.tasks.get(t.id());
    boolean wanted = TaskStatus.RUNNING.name().equals(t.desiredStatus());
    if (known == null) {
      if (wanted && !t.stopped() && t.status().ordinal() < TaskStatus.RUNNING.ordinal()
          && a.instanceId.equals(t.containerInstanceId())) {
        start(a, t);
      }
    } else if (!wanted && known.phase != SimulatedAgent.Phase.STOPPING) {
      stop(a, known);
    }
  }

  private void start(SimulatedAgent a, Task t) {
    boolean standalone = t.group() == null || !t.group().startsWith("service:");
    SimulatedAgent.HostTask ht = new SimulatedAgent.HostTask(t.id(), t.taskDefinitionFamily(), standalone);
    a.tasks.put(t.id(), ht);
    sim.touched(a.instanceId);
    sim.loop.after(Duration.ofMillis(2000 + random.nextLong(6000)), "container started " + t.id(),
        () -> containerStarted(a, ht));
  }

  private void containerStarted(SimulatedAgent a, SimulatedAgent.HostTask ht) {
    if (a.tasks.get(ht.id) != ht || ht.phase != SimulatedAgent.Phase.STARTING) {
      return;
    }
    sim.touched(ht.id);
    if (BROKEN_FAMILY.equals(ht.family)) {
      a.tasks.remove(ht.id);
      a.finished.add(ht.id);
      report(a, change(a, ht.id, TaskStatus.STOPPED, "CannotPullContainerError: image not found", null));
      return;
    }
    ht.phase = SimulatedAgent.Phase.RUNNING;
    started++;
    report(a, change(a, ht.id, TaskStatus.RUNNING, null, null));
    if (ht.standalone) {
      // a batch task exits after a while, at the latest a minute into the quiet tail (which must end steady)
      Instant now = sim.clock.instant();
      Instant latest = (now.isAfter(sim.quietStart) ? now : sim.quietStart).plusSeconds(60);
      Instant exitAt = now.plusSeconds(60 + random.nextInt(600));
      sim.loop.at(exitAt.isBefore(latest) ? exitAt : latest, "task exits " + ht.id, () -> exit(a, ht, 0));
    }
  }

  /** The task's essential container exits on its own. */
  void exit(SimulatedAgent a, SimulatedAgent.HostTask ht, int exitCode) {
    if (a.tasks.get(ht.id) != ht || ht.phase != SimulatedAgent.Phase.RUNNING) {
      return;
    }
    a.tasks.remove(ht.id);
    a.finished.add(ht.id);
    sim.touched(ht.id);
    stopped++;
    report(a, change(a, ht.id, TaskStatus.STOPPED, null, exitCode));
  }

  private void stop(SimulatedAgent a, SimulatedAgent.HostTask ht) {
    ht.phase = SimulatedAgent.Phase.STOPPING;
    sim.loop.after(Duration.ofMillis(500 + random.nextLong(2500)), "container stopped " + ht.id, () -> {
      if (a.tasks.get(ht.id) == ht) {
        a.tasks.remove(ht.id);
        a.finished.add(ht.id);
        sim.touched(ht.id);
        stopped++;
        report(a, change(a, ht.id, TaskStatus.STOPPED, null, 143));
      }
    });
  }

  private StateChange change(SimulatedAgent a, String taskId, TaskStatus status, String reason, Integer exitCode) {
    var container = new StateChange.ContainerChange(CONTAINER, "ctr-" + taskId.substring(0, 12), status.name(),
        exitCode, reason, List.of());
    return new StateChange(StateChange.TASK, Simulation.CLUSTER, taskId, status.name(), reason, List.of(container),
        null, null, null, null).by(a.instanceArn);
  }

  private void report(SimulatedAgent a, StateChange change) {
    a.outbox.add(change);
    flush(a);
  }

  /** Sends the agent's reports in order until one fails; a failed one is sent again a little later. */
  void flush(SimulatedAgent a) {
    a.flushScheduled = false;
    while (a.reachable() && !a.outbox.isEmpty()) {
      StateChange c = a.outbox.get(0);
      sim.touched(c.task());
      if (sim.faults.strike("agent report lost", sim.settings.faults().lostReport())) {
        if (random.nextBoolean()) {
          // it arrived, but the answer was lost: the agent sends it again (a duplicate)
          sim.calls.call("SubmitTaskStateChange", () -> {
            sim.core.taskStateChanges().submit(c);
            return c;
          });
        }
        retryFlush(a);
        return;
      }
      try {
        var sent = sim.calls.callOrThrowEcs("SubmitTaskStateChange", () -> {
          sim.core.taskStateChanges().submit(c);
          return c;
        });
        if (sent.isEmpty()) {
          retryFlush(a);
          return;
        }
        reports++;
      } catch (EcsException refused) {
        // the task is unknown (expired, or never written): nothing to report to
      }
      a.outbox.remove(0);
    }
  }

  private void retryFlush(SimulatedAgent a) {
    if (!a.flushScheduled) {
      a.flushScheduled = true;
      sim.loop.after(Duration.ofSeconds(5), "send reports " + a, () -> flush(a));
    }
  }

  // --- faults and workload that strike hosts ---

  SimulatedAgent pickUp() {
    for (int tries = 0; tries < 8 && !agents.isEmpty(); tries++) {
      SimulatedAgent a = agents.get(random.nextInt(agents.size()));
      if (a.reachable() && !a.draining) {
        return a;
      }
    }
    return null;
  }

  /** The agent process restarts: its containers keep running, its timers stop until it is back. */
  void restart(SimulatedAgent a) {
    a.status = SimulatedAgent.Status.RESTARTING;
    a.generation++;
    sim.loop.after(Duration.ofSeconds(5 + random.nextInt(55)), "agent back " + a, () -> back(a));
  }

  /**
   * The agent is cut off for a while: briefly (its instance is marked disconnected), or for longer
   * than the lost-after period (its instance is declared lost and its tasks replaced).
   */
  Duration silence(SimulatedAgent a) {
    boolean longer = random.nextBoolean();
    Duration lostAfter = sim.config.health().lostAfter();
    Duration d = longer ? lostAfter.plusMinutes(1).plusSeconds(random.nextInt(300))
        : Duration.ofSeconds(60 + random.nextInt(180));
    a.status = SimulatedAgent.Status.SILENT;
    a.silentSince = sim.clock.instant();
    a.generation++;
    sim.loop.after(d, "agent reachable again " + a, () -> back(a));
    return d;
  }

  private void back(SimulatedAgent a) {
    if (a.status == SimulatedAgent.Status.GONE || a.status == SimulatedAgent.Status.UP) {
      return;
    }
    a.status = SimulatedAgent.Status.UP;
    a.silentSince = null;
    a.generation++;
    if (a.instanceId == null) {
      long gen = a.generation;
      sim.loop.after(Duration.ZERO, "register " + a, () -> register(a, gen));
      return;
    }
    long gen = a.generation;
    sim.loop.after(Duration.ZERO, "heartbeat " + a, () -> heartbeat(a, gen));
    sim.loop.after(jitter(POLL), "poll " + a, () -> poll(a, gen));
    flush(a);
  }

  /** Every agent cut off or restarting is back now. */
  void healAll() {
    for (SimulatedAgent a : agents) {
      if (a.status == SimulatedAgent.Status.SILENT || a.status == SimulatedAgent.Status.RESTARTING) {
        back(a);
      }
    }
  }

  /** One running container on a random host exits by itself. */
  void containerExit() {
    SimulatedAgent a = pickUp();
    if (a == null || a.tasks.isEmpty()) {
      return;
    }
    List<SimulatedAgent.HostTask> running = a.tasks.values().stream()
        .filter(t -> t.phase == SimulatedAgent.Phase.RUNNING).toList();
    if (!running.isEmpty()) {
      sim.faults.count("container exited");
      exit(a, running.get(random.nextInt(running.size())), 1);
    }
  }

  /** The host is terminated (its instance was deregistered): its containers die unreported. */
  void terminate(SimulatedAgent a) {
    a.status = SimulatedAgent.Status.GONE;
    a.generation++;
    a.tasks.clear();
    a.outbox.clear();
  }

  boolean lastHeartbeatBefore(SimulatedAgent a, Instant t) {
    return a.lastHeartbeat != null && a.lastHeartbeat.isBefore(t);
  }
}
