package dev.berth.simulation;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.services.ServiceRequests;
import dev.berth.api.TaskDefinitionRequest;
import dev.berth.core.tasks.LaunchRequest;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.ServiceStatus;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * What users do: register task definitions, create services (REPLICA and DAEMON), scale them,
 * redeploy them (now and then to a revision that never starts, so the circuit breaker trips and
 * rolls back), delete and recreate them, run bursts of standalone tasks and stop some, and drain,
 * deregister and replace instances.
 */
final class Workload {
  static final String FAMILY = "web";
  static final String BATCH = "batch";
  static final String DAEMON = "node-agent";
  static final int REVISIONS = 4;
  /**
   * (maximumPercent, minimumHealthyPercent) pairs services are created with: each lets a deployment
   * of any desired count go on (as in ECS, 125/75 at desired 3, or 100/50 at desired 1, could neither
   * start a task above the ceiling nor stop one below the floor, and would wait for its user).
   */
  private static final int[][] BOUNDS = {{200, 100}, {200, 50}, {150, 0}, {100, 0}, {300, 50}};

  private final Simulation sim;
  private final RandomGenerator random;
  /** Every service name ever created, and whether it is (as far as its user knows) deleted. */
  final Map<String, Boolean> deleted = new TreeMap<>();
  final TreeSet<String> daemons = new TreeSet<>();
  /** The standalone tasks RunTask acknowledged. */
  final List<String> standalone = new ArrayList<>();
  /** When each service was last changed by its user (for the convergence times). */
  final Map<String, Instant> changedAt = new TreeMap<>();
  final List<Duration> convergence = new ArrayList<>();

  Workload(Simulation sim, RandomGenerator random) {
    this.sim = sim;
    this.random = random;
  }

  void setUp() {
    sim.core.clusters().create(Simulation.CLUSTER, List.of(), List.of());
    for (int r = 1; r <= REVISIONS; r++) {
      register(FAMILY, 256, 512);
    }
    register(Fleet.BROKEN_FAMILY, 256, 512);
    register(BATCH, 512, 1024);
    register(DAEMON, 64, 128);
  }

  private void register(String family, int cpu, int memory) {
    String json = "{\"family\":\"" + family + "\",\"containerDefinitions\":[{\"name\":\"" + Fleet.CONTAINER
        + "\",\"image\":\"busybox\",\"cpu\":" + cpu + ",\"memory\":" + memory + ",\"essential\":true}]}";
    try {
      ObjectNode node = (ObjectNode) JsonTrees.read(json);
      sim.core.taskDefinitions().register(TaskDefinitionRequest.parse(new Json(node, "")).toNewTaskDefinition());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(int i) {
    return String.format("svc-%05d", i);
  }

  void create(String name, boolean daemon) {
    int[] bounds = BOUNDS[random.nextInt(BOUNDS.length)];
    var patch = new ServiceRequests.DeploymentPatch(daemon ? null : bounds[0], daemon ? null : bounds[1],
        new DeploymentCircuitBreaker(true, true));
    int desired = Math.max(1, sim.settings.tasksPerService() + random.nextInt(3) - 1);
    var request = new ServiceRequests.Create(Simulation.CLUSTER, name, daemon ? DAEMON + ":1" : FAMILY + ":1",
        daemon ? null : desired, daemon ? SchedulingStrategy.DAEMON : SchedulingStrategy.REPLICA, patch, null, null,
        null, null, null, null, null, null);
    sim.touched("service:" + name);
    if (sim.calls.call("CreateService", () -> sim.core.services().create(request)).isPresent()) {
      deleted.put(name, false);
      if (daemon) {
        daemons.add(name);
      }
      changedAt.put(name, sim.clock.instant());
    }
  }

  private String pickService() {
    if (deleted.isEmpty()) {
      return null;
    }
    for (int tries = 0; tries < 8; tries++) {
      String name = name(1 + random.nextInt(sim.settings.services()));
      if (Boolean.FALSE.equals(deleted.get(name)) && !daemons.contains(name)) {
        return name;
      }
    }
    return null;
  }

  private void update(String name, String what, Integer desired, String taskDefinition, boolean force) {
    sim.touched("service:" + name);
    var request = new ServiceRequests.Update(Simulation.CLUSTER, name, desired, taskDefinition, null, null, null,
        force, null, null, null, null);
    if (sim.calls.call(what, () -> sim.core.services().update(request)).isPresent()) {
      changedAt.put(name, sim.clock.instant());
    }
  }

  void scale() {
    String name = pickService();
    if (name != null) {
      int desired = Math.max(0, sim.settings.tasksPerService() + random.nextInt(5) - 2);
      update(name, "UpdateService (scale)", desired, null, false);
    }
  }

  void redeploy() {
    String name = pickService();
    if (name != null) {
      boolean newRevision = random.nextBoolean();
      update(name, "UpdateService (redeploy)", null,
          newRevision ? FAMILY + ":" + (1 + random.nextInt(REVISIONS)) : null, !newRevision);
    }
  }

  /** A revision whose tasks never start: the circuit breaker fails the deployment and rolls back. */
  void brokenDeploy() {
    String name = pickService();
    if (name != null && !sim.observer.steadyAt.containsKey(name)) {
      name = pickService(); // rather one that has a completed deployment to roll back to
    }
    if (name != null) {
      update(name, "UpdateService (broken revision)", null, Fleet.BROKEN_FAMILY + ":1", false);
    }
  }

  void deleteOrRecreate() {
    int i = 1 + random.nextInt(sim.settings.services());
    String name = name(i);
    Boolean gone = deleted.get(name);
    if (gone == null || daemons.contains(name)) {
      return;
    }
    sim.touched("service:" + name);
    if (!gone) {
      if (sim.calls.call("DeleteService", () -> sim.core.services().delete(Simulation.CLUSTER, name, true))
          .isPresent()) {
        deleted.put(name, true);
        changedAt.put(name, sim.clock.instant());
      }
    } else {
      boolean inactive = sim.peek(() -> sim.stores.services.get(Simulation.CLUSTER, name)
          .map(s -> s.service().status() == ServiceStatus.INACTIVE).orElse(true));
      if (inactive) {
        create(name, false);
      }
    }
  }

  void runTasks() {
    int count = 1 + random.nextInt(10);
    var request = new LaunchRequest(Simulation.CLUSTER, BATCH, count, null, "sim-batch", null, null, null, null,
        null, null, null, null);
    sim.calls.call("RunTask", () -> sim.core.launcher().runTask(request))
        .ifPresent(r -> r.tasks().forEach(t -> {
          standalone.add(t.id());
          sim.acknowledged(t.id());
        }));
  }

  void stopTask() {
    if (standalone.isEmpty()) {
      return;
    }
    String id = standalone.get(random.nextInt(standalone.size()));
    sim.touched(id);
    sim.calls.call("StopTask", () -> sim.core.tasks().stop(Simulation.CLUSTER, id, "sim"));
  }

  /** An instance is drained, then deregistered (with force if tasks remain) and its host terminated; a new host replaces it. */
  void drain() {
    SimulatedAgent a = sim.fleet.pickUp();
    if (a == null) {
      return;
    }
    a.draining = true;
    String id = a.instanceId;
    sim.touched(id);
    sim.calls.call("UpdateContainerInstancesState", () -> sim.core.containerInstances()
        .updateState(Simulation.CLUSTER, List.of(id), "DRAINING"));
    Instant deregisterAt = sim.clock.instant().plus(Duration.ofMinutes(3 + random.nextInt(4)));
    if (deregisterAt.isAfter(sim.quietStart)) {
      deregisterAt = sim.quietStart; // the workload is over when the quiet tail begins
    }
    sim.loop.at(deregisterAt, "deregister " + a, () -> {
      sim.touched(id);
      sim.calls.call("DeregisterContainerInstance", () -> sim.core.containerInstances()
          .deregister(Simulation.CLUSTER, id, true));
      sim.fleet.terminate(a);
      sim.fleet.launch(Duration.ofSeconds(30));
    });
  }

  /** Records a convergence time for each service whose user change has reached a steady state. */
  void observeSteady(Map<String, Instant> steadyAt) {
    for (String touched : sim.observer.touchedServices) {
      Instant steady = steadyAt.get(touched);
      Instant changed = changedAt.get(touched);
      if (steady != null && changed != null && !steady.isBefore(changed)) {
        convergence.add(Duration.between(changed, steady));
        changedAt.remove(touched);
      }
    }
  }
}
