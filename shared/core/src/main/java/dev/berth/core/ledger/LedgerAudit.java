package dev.berth.core.ledger;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Checks the ledger invariant ({@link Ledger}) over a whole cluster, reading every task and every
 * instance (the command an operator runs and the tests end with; never on the minute's path): for
 * every instance, registered = remaining + the sum of its reservations (CPU, memory, ports in use = agent-reserved ports plus the tasks', and GPU
 * ids in use = the union of the tasks' ids, each held once and registered); every
 * reservation belongs to a task that is not STOPPED (a reservation younger than the repair grace
 * period may still be waiting for its task item); every task that is not STOPPED holds its
 * reservation (on an INACTIVE instance too: a forced deregistration leaves its tasks there,
 * orphaned), and a RUNNING task's reservation is marked running (the cluster counts read the mark).
 * Returns one line per drift found.
 *
 * <p>The check reads the task items, then the instance items, while tasks keep starting and
 * stopping. A task's writes come in a known order (reservation, then task item; STOPPED status,
 * then release; RUNNING status, then mark), so a change landing between the two reads shows as a
 * suspect in one direction only, and every suspect is read again before it is reported: a stop in
 * flight (the task now STOPPED, or its release now recorded) is not drift.
 */
@Singleton
public final class LedgerAudit {
  private final ContainerInstanceStore instances;
  private final TaskStore tasks;
  private final Clock clock;

  @Inject
  public LedgerAudit(ContainerInstanceStore instances, TaskStore tasks, Clock clock) {
    this.instances = instances;
    this.tasks = tasks;
    this.clock = clock;
  }

  public List<String> check(String cluster) {
    List<String> drift = new ArrayList<>();
    Map<String, Task> tasksById = new HashMap<>();
    tasks.inCluster(cluster).forEach(t -> tasksById.put(t.id(), t));
    Map<String, ContainerInstance> byId = new HashMap<>();
    for (ContainerInstance ci : instances.inCluster(cluster)) {
      byId.put(ci.id(), ci);
      int cpu = ci.remainingCpu();
      int memory = ci.remainingMemory();
      Set<Integer> tcp = new TreeSet<>(ci.registeredPorts("PORTS"));
      Set<Integer> udp = new TreeSet<>(ci.registeredPorts("PORTS_UDP"));
      Set<String> gpus = new TreeSet<>();
      for (var entry : ci.reservations().entrySet()) {
        Reservation r = entry.getValue();
        cpu += r.resources().cpu();
        memory += r.resources().memory();
        for (int port : r.resources().tcpPorts()) {
          if (!tcp.add(port)) {
            drift.add(ci.id() + ": TCP port " + port + " is held twice");
          }
        }
        for (int port : r.resources().udpPorts()) {
          if (!udp.add(port)) {
            drift.add(ci.id() + ": UDP port " + port + " is held twice");
          }
        }
        for (String gpu : r.resources().gpuIds()) {
          if (!gpus.add(gpu)) {
            drift.add(ci.id() + ": GPU " + gpu + " is held twice");
          }
        }
        Task task = tasksById.get(entry.getKey());
        if (task == null) {
          if (r.reservedAt().plus(Ledger.GRACE).isBefore(clock.instant())) {
            drift.add(ci.id() + ": reservation " + entry.getKey() + " has no task (orphaned since " + r.reservedAt() + ")");
          }
        } else if (task.stopped()) {
          if (heldNow(ci, entry.getKey()).isPresent()) {
            drift.add(ci.id() + ": reservation " + entry.getKey() + " belongs to a STOPPED task");
          }
        } else if (!task.reservation().equals(r.resources())) {
          drift.add(ci.id() + ": reservation " + entry.getKey() + " differs from its task's requirement");
        } else if (TaskStatus.RUNNING.name().equals(task.lastStatus()) && !r.running()
            && heldNow(ci, entry.getKey()).filter(now -> !now.running()).isPresent()) {
          drift.add(ci.id() + ": task " + entry.getKey() + " is RUNNING but its reservation is not marked running");
        }
      }
      if (cpu != ci.registeredCpu()) {
        drift.add(ci.id() + ": CPU registered " + ci.registeredCpu() + " but remaining + reserved = " + cpu);
      }
      if (memory != ci.registeredMemory()) {
        drift.add(ci.id() + ": MEMORY registered " + ci.registeredMemory() + " but remaining + reserved = " + memory);
      }
      if (!tcp.equals(ci.tcpPortsInUse())) {
        drift.add(ci.id() + ": TCP ports in use " + ci.tcpPortsInUse() + " but reserved + held = " + tcp);
      }
      if (!udp.equals(ci.udpPortsInUse())) {
        drift.add(ci.id() + ": UDP ports in use " + ci.udpPortsInUse() + " but reserved + held = " + udp);
      }
      if (!gpus.equals(ci.gpusInUse())) {
        drift.add(ci.id() + ": GPUs in use " + new TreeSet<>(ci.gpusInUse()) + " but held = " + gpus);
      }
      Set<String> unknown = new TreeSet<>(gpus);
      unknown.removeAll(ci.registeredGpus());
      if (!unknown.isEmpty()) {
        drift.add(ci.id() + ": GPUs " + unknown + " are held but not registered");
      }
    }
    for (Task task : tasksById.values()) {
      if (task.stopped()) {
        continue;
      }
      ContainerInstance ci = byId.get(task.containerInstanceId());
      if ((ci == null || !ci.reservations().containsKey(task.id())) && !stoppedNow(task)) {
        drift.add("task " + task.id() + " is " + task.lastStatus() + " but holds no reservation on "
            + task.containerInstanceId());
      }
    }
    return drift;
  }

  /**
   * The task's reservation as its instance holds it now. A suspect found in the snapshots is read
   * again before it is called drift: the release may have landed after the instances were read.
   */
  private Optional<Reservation> heldNow(ContainerInstance seen, String taskId) {
    return instances.get(seen.cluster(), seen.id()).map(ci -> ci.reservations().get(taskId));
  }

  /**
   * Whether the task is STOPPED now. The tasks are read before the instances, so a stop applied
   * between the two reads (its status written, then its release) shows as a live task whose
   * release is already recorded: a stop in flight, not drift. Read again, the task says which.
   */
  private boolean stoppedNow(Task seen) {
    return tasks.get(seen.cluster(), seen.id()).map(Task::stopped).orElse(false);
  }
}
