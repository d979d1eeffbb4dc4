package dev.berth.simulation;

import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.scheduler.service.RolloutBounds;
import dev.berth.scheduler.service.ServicePlan;
import dev.berth.scheduler.service.ServiceTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What must hold at every step, checked on the items the step touched: each instance's ledger adds
 * up and holds a reservation for every task its host runs (no resource promised twice); every
 * acknowledged release really gave the reservation back, once; no task the control plane
 * acknowledged disappears before it stopped; a reconcile pass keeps its REPLICA service within
 * maximumPercent when it launches and above minimumHealthyPercent when it stops healthy tasks.
 */
final class Invariants {
  /** One broken rule: where, when, and what. */
  record Violation(long step, String time, String rule, String resource, String detail) {}

  /** A service as the bounds check sees it around a pass. */
  record ServiceView(ServiceState state, Map<String, Task> tasks) {}

  private final String cluster;
  private final InMemoryStores raw;
  private final Observer observer;
  private final FaultInjector faults;
  private final VirtualClock clock;
  /** The clock of the process at work: a pass judges its tasks' age by it, and so is it judged. */
  private final ProcessClock passClock;
  /** The task ids the host behind an instance really runs (the simulated agent's containers). */
  private final Function<String, Set<String>> runningOn;
  private final List<Violation> violations = new ArrayList<>();
  private long step;
  long passesChecked;
  long instancesChecked;

  Invariants(String cluster, InMemoryStores raw, Observer observer, FaultInjector faults, VirtualClock clock,
      ProcessClock passClock, Function<String, Set<String>> runningOn) {
    this.cluster = cluster;
    this.raw = raw;
    this.observer = observer;
    this.faults = faults;
    this.clock = clock;
    this.passClock = passClock;
    this.runningOn = runningOn;
  }

  List<Violation> violations() {
    return violations;
  }

  void violation(String rule, String resource, String detail) {
    violations.add(new Violation(step, clock.elapsed(), rule, resource, detail));
  }

  /** The checks of one step, over what it touched. */
  void afterStep(long stepNumber) {
    step = stepNumber;
    faults.suspend();
    try {
      for (String id : observer.touchedInstances) {
        raw.containerInstances.get(cluster, id).ifPresent(this::checkLedger);
      }
      for (Observer.Release r : observer.releasedThisStep) {
        Optional<ContainerInstance> ci = raw.containerInstances.get(cluster, r.instanceId());
        if (ci.isPresent() && ci.get().reservations().containsKey(r.taskId())) {
          violation("release", r.taskId(), "the release on " + r.instanceId() + " was acknowledged but the "
              + "reservation is still in the ledger");
        }
        int times = observer.releases.getOrDefault(r.taskId(), 0);
        if (times > 1) {
          violation("release", r.taskId(), "released " + times + " times");
        }
      }
      for (String id : observer.touchedTasks) {
        if (observer.written.contains(id) && !observer.seenStopped.contains(id)
            && raw.tasks.get(cluster, id).isEmpty()) {
          violation("acknowledged task", id, "written and never STOPPED, but no longer in the store");
        }
      }
    } finally {
      faults.resume();
    }
  }

  /** registered = remaining + reserved, and every task the host runs holds its reservation. */
  void checkLedger(ContainerInstance ci) {
    instancesChecked++;
    int cpu = ci.remainingCpu();
    int memory = ci.remainingMemory();
    for (ContainerInstance.Reservation r : ci.reservations().values()) {
      cpu += r.resources().cpu();
      memory += r.resources().memory();
    }
    if (ci.remainingCpu() < 0 || ci.remainingMemory() < 0) {
      violation("ledger", ci.id(), "negative remaining: cpu " + ci.remainingCpu() + ", memory " + ci.remainingMemory());
    }
    if (cpu != ci.registeredCpu() || memory != ci.registeredMemory()) {
      violation("ledger", ci.id(), "registered cpu/memory " + ci.registeredCpu() + "/" + ci.registeredMemory()
          + " but remaining + reserved = " + cpu + "/" + memory);
    }
    if (ContainerInstance.INACTIVE.equals(ci.status())) {
      return; // lost or deregistered: its host may still run tasks, but nothing is placed there any more
    }
    for (String taskId : runningOn.apply(ci.id())) {
      if (!ci.reservations().containsKey(taskId)) {
        violation("promised twice", ci.id(), "its host runs task " + taskId + " whose reservation was released");
      }
    }
  }

  /** The service and its tasks (those on INACTIVE instances left out, as the planner leaves them out). */
  ServiceView view(String service) {
    faults.suspend();
    try {
      Optional<ServiceState> state = raw.services.observe(cluster, service);
      if (state.isEmpty()) {
        return null;
      }
      Map<String, Task> tasks = new HashMap<>(raw.tasks.getAll(cluster, state.get().taskIds()));
      Map<String, Boolean> inactive = new HashMap<>();
      tasks.values().removeIf(t -> !t.stopped() && inactive.computeIfAbsent(t.containerInstanceId(),
          id -> raw.containerInstances.get(cluster, id).map(ci -> ContainerInstance.INACTIVE.equals(ci.status()))
              .orElse(true)));
      return new ServiceView(state.get(), tasks);
    } finally {
      faults.resume();
    }
  }

  /**
   * ECS's bounds around one reconcile of a REPLICA service: a pass that launched leaves at most
   * maxTotal live tasks; healthy tasks it told to stop leave at least minHealthy healthy ones.
   */
  void checkPass(String service, ServiceView before, ServiceView after, long stepNumber) {
    step = stepNumber;
    if (before == null || after == null || after.state().service().daemon()) {
      return;
    }
    passesChecked++;
    var s = after.state().service();
    RolloutBounds bounds = RolloutBounds.of(s.desiredCount(), s.deploymentConfiguration());
    // A task without health checks counts as healthy once it has run a while: the pass's own clock
    // says whether it has, and a clock ahead (within the lease margins) may count it a little early.
    Instant now = passClock.instant();
    int launched = 0;
    for (String id : after.tasks().keySet()) {
      if (!before.state().taskIds().contains(id)) {
        launched++;
      }
    }
    long live = after.tasks().values().stream().filter(t -> ServiceTask.of(t).live()).count();
    if (launched > 0 && live > bounds.maxTotal()) {
      violation("maximumPercent", "service:" + service, "a pass launched " + launched + " and left " + live
          + " live tasks, above maxTotal " + bounds.maxTotal() + " (desired " + s.desiredCount() + ", maximumPercent "
          + s.deploymentConfiguration().maximumPercent() + ")");
    }
    Set<String> healthyBefore = new HashSet<>();
    before.tasks().values().stream().filter(t -> ServiceTask.of(t).healthyAt(now)).forEach(t -> healthyBefore.add(t.id()));
    int stoppedHealthy = 0;
    for (String id : healthyBefore) {
      Task t = after.tasks().get(id);
      if (t != null && ServicePlan.SERVICE_SCHEDULER_INITIATED.equals(t.stopCode())
          && !ServiceTask.of(t).live()) {
        stoppedHealthy++;
      }
    }
    if (stoppedHealthy > 0 && s.status() == ServiceStatus.ACTIVE
        && healthyBefore.size() - stoppedHealthy < bounds.minHealthy()) {
      violation("minimumHealthyPercent", "service:" + service, "a pass stopped " + stoppedHealthy + " of "
          + healthyBefore.size() + " healthy tasks, below minHealthy " + bounds.minHealthy() + " (desired "
          + s.desiredCount() + ", minimumHealthyPercent " + s.deploymentConfiguration().minimumHealthyPercent() + ")");
    }
  }
}
