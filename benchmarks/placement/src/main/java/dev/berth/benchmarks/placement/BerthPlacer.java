package dev.berth.benchmarks.placement;

import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import dev.berth.model.VersionInfo;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.PlacementSession;
import dev.berth.scheduler.Strategy.Binpack;
import dev.berth.scheduler.Strategy.Spread;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Berth's side: the only class here that knows the placement engine's API. It keeps the cluster
 * view the way Berth's callers do, as immutable {@link ContainerInstance} records, in one
 * {@link PlacementSession} for the whole workload (tasks of one group and strategy, of varied
 * sizes), places one task at a time, and updates the session with the chosen instance's new
 * record, whose remaining CPU and memory and reservations include the task. This is how a RunTask
 * call places its tasks, and how a scheduler placing a stream of tasks would use the engine.
 *
 * <p>binpack is binpack by {@code cpu} (CPU is the resource this workload runs out of first);
 * spread is spread by {@code instanceId}.
 */
final class BerthPlacer implements Placer {
  private static final String CLUSTER = "bench";
  private static final String GROUP = "family:bench";
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private final Workload workload;
  private final PlacementEngine engine = new PlacementEngine();
  private final List<dev.berth.scheduler.Strategy> strategies; // the scheduler's, not this benchmark's Strategy
  private final RandomGenerator random = new SplittableRandom(Workload.SEED);
  private final List<ContainerInstance> view;
  private final Map<String, Integer> indexOf;
  private final List<Resources> needs;

  BerthPlacer(Workload workload, Strategy strategy) {
    this.workload = workload;
    this.strategies = switch (strategy) {
      case BINPACK -> List.of(new Binpack(Binpack.Field.CPU));
      case SPREAD -> List.of(new Spread("instanceId"));
    };
    int n = workload.instances();
    this.view = new ArrayList<>(n);
    this.indexOf = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      ContainerInstance instance = emptyInstance(workload.instanceId(i), i);
      view.add(instance);
      indexOf.put(instance.id(), i);
    }
    this.needs = workload.tasks().stream().map(t -> new Resources(t.cpu(), t.memory(), Set.of(), Set.of())).toList();
  }

  @Override
  public Outcome placeAll() {
    Outcome outcome = new Outcome(workload);
    PlacementSession session = engine.session(
        new PlacementRequest(Resources.NONE, GROUP, List.of(), strategies), view);
    List<Workload.Task> tasks = workload.tasks();
    for (int t = 0; t < tasks.size(); t++) {
      Resources need = needs.get(t);
      ContainerInstance chosen = session.place(need, random).chosen();
      if (chosen == null) {
        outcome.unplaced(1);
        continue;
      }
      int index = indexOf.get(chosen.id());
      ContainerInstance after = withTask(chosen, tasks.get(t).id(), need);
      view.set(index, after);
      session.update(after);
      outcome.placed(index, tasks.get(t));
    }
    return outcome;
  }

  /** The instance after the task's reservation is taken. */
  private static ContainerInstance withTask(ContainerInstance i, String taskId, Resources need) {
    Map<String, Reservation> reservations = new HashMap<>(i.reservations());
    reservations.put(taskId, new Reservation(need, NOW, GROUP));
    return new ContainerInstance(i.cluster(), i.id(), i.ec2InstanceId(), i.status(), i.statusReason(),
        i.agentConnected(), i.registeredResources(), i.remainingCpu() - need.cpu(), i.remainingMemory() - need.memory(),
        i.tcpPortsInUse(), i.udpPortsInUse(), reservations, i.attributes(), i.versionInfo(), i.registeredAt(),
        i.version() + 1, i.tags());
  }

  private static ContainerInstance emptyInstance(String id, int index) {
    List<Resource> registered = List.of(
        Resource.integer("CPU", Workload.INSTANCE_CPU),
        Resource.integer("MEMORY", Workload.INSTANCE_MEMORY),
        Resource.stringSet("PORTS", List.of()),
        Resource.stringSet("PORTS_UDP", List.of()));
    return new ContainerInstance(CLUSTER, id, String.format("i-%017x", index),
        ContainerInstance.ACTIVE, null, true, registered, Workload.INSTANCE_CPU, Workload.INSTANCE_MEMORY,
        Set.of(), Set.of(), Map.of(), List.of(), new VersionInfo("1.80.0", "bench", "25.0.0"), NOW, 1, List.of());
  }
}
