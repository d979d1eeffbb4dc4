package dev.berth.scheduler;

import dev.berth.model.ContainerInstance;
import dev.berth.model.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * Chooses a container instance for one task: drops instances that cannot take it (recording the
 * first unmet requirement, ECS's failure reason), then applies the placement strategies in order,
 * each later one only breaking the ties of the earlier ones, and finally picks among the remaining
 * ties at random. Pure: the cluster view and the random source come in, a decision goes out.
 */
public final class PlacementEngine {
  public static final String AGENT = "AGENT";
  public static final String ATTRIBUTE = "ATTRIBUTE";
  public static final String RESOURCE_CPU = "RESOURCE:CPU";
  public static final String RESOURCE_MEMORY = "RESOURCE:MEMORY";
  public static final String RESOURCE_GPU = "RESOURCE:GPU";
  public static final String RESOURCE_PORTS = "RESOURCE:PORTS";
  public static final String RESOURCE_PORTS_UDP = "RESOURCE:PORTS_UDP";

  /** An instance that could not take the task, with why. */
  public record Rejection(ContainerInstance instance, String reason) {}

  /**
   * The chosen instance, or when none fits (chosen is null): every instance that lacked a resource
   * or requirement (with the first unmet one), and the reason of a constraint that removed the last
   * candidates. When an instance is chosen, rejections may be empty: the indexed paths do not look
   * at every instance.
   */
  public record Decision(ContainerInstance chosen, List<Rejection> rejections, String constraintFailure) {
    public Decision(ContainerInstance chosen, List<Rejection> rejections) {
      this(chosen, rejections, null);
    }

    /**
     * ECS's service-event wording for the instance that came closest, e.g. "The closest matching
     * container-instance X has insufficient memory available."; null when nothing was rejected.
     */
    public String closestMatch() {
      if (constraintFailure != null) {
        return constraintFailure;
      }
      return closest()
          .map(r -> "The closest matching container-instance " + r.instance().id() + " " + describe(r.reason()))
          .orElse(null);
    }

    /** The rejected instance that met the most requirements (ties: the one with the most left). */
    public java.util.Optional<Rejection> closest() {
      return rejections.stream()
          .max(Comparator.comparingInt((Rejection r) -> closeness(r.reason()))
              .thenComparingLong(r -> r.instance().remainingMemory() + (long) r.instance().remainingCpu()));
    }
  }

  /** Later checks passed means closer: an instance short of ports passed CPU and memory. */
  private static int closeness(String reason) {
    return switch (reason) {
      case RESOURCE_PORTS_UDP -> 7;
      case RESOURCE_PORTS -> 6;
      case RESOURCE_GPU -> 5;
      case RESOURCE_MEMORY -> 4;
      case RESOURCE_CPU -> 3;
      case ATTRIBUTE -> 2;
      case AGENT -> 1;
      default -> 0;
    };
  }

  private static String describe(String reason) {
    return switch (reason) {
      case RESOURCE_CPU -> "has insufficient CPU units available.";
      case RESOURCE_MEMORY -> "has insufficient memory available.";
      case RESOURCE_GPU -> "has insufficient GPU available.";
      case RESOURCE_PORTS, RESOURCE_PORTS_UDP -> "is already using a port required by your task.";
      case ATTRIBUTE -> "is missing an attribute required by your task.";
      default -> "encountered error \"" + reason + "\".";
    };
  }

  /** Places a task with no group and no constraints. */
  public Decision place(Resources need, Collection<ContainerInstance> instances, List<Strategy> strategies,
      RandomGenerator random) {
    return place(PlacementRequest.of(need, strategies), instances, random);
  }

  /** Places one task. For several tasks of one request, keep a {@link #session} and update it. */
  public Decision place(PlacementRequest request, Collection<ContainerInstance> instances, RandomGenerator random) {
    return session(request, instances).place(random);
  }

  /** A view of the cluster prepared for placing tasks of this request one after another. */
  public PlacementSession session(PlacementRequest request, Collection<ContainerInstance> instances) {
    return new PlacementSession(request, instances);
  }

  /**
   * The exact path: the resource filter (status, agent, CPU, memory, GPU, ports) over every instance,
   * then the binding constraints, then the strategies in order, each only breaking the previous
   * one's ties; remaining ties at random. Every rejected instance is reported with its reason.
   */
  static Decision exact(PlacementRequest request, Collection<ContainerInstance> instances, RandomGenerator random) {
    List<ContainerInstance> feasible = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    // Spread buckets count the group's tasks on every live instance, including ones that cannot take this task.
    List<ContainerInstance> live = new ArrayList<>();
    for (ContainerInstance instance : instances) {
      if (ContainerInstance.INACTIVE.equals(instance.status())) {
        continue; // deregistered: not part of the cluster any more
      }
      live.add(instance);
      String reason = unmetRequirement(instance, request.need(), request.requiredAttributes());
      if (reason == null) {
        feasible.add(instance);
      } else {
        rejections.add(new Rejection(instance, reason));
      }
    }
    for (Constraint constraint : request.constraints()) {
      if (feasible.isEmpty()) {
        break;
      }
      List<ContainerInstance> allowed = new ArrayList<>();
      for (ContainerInstance instance : feasible) {
        if (constraint.allows(instance, request.group())) {
          allowed.add(instance);
        }
      }
      if (allowed.isEmpty()) {
        return new Decision(null, rejections, constraint.unsatisfied());
      }
      feasible = allowed;
    }
    if (feasible.isEmpty()) {
      return new Decision(null, rejections);
    }
    // A stable order first, so a seeded random source gives the same answer every time.
    feasible.sort(Comparator.comparing(ContainerInstance::id));
    List<ContainerInstance> ties = feasible;
    for (Strategy strategy : request.strategies()) {
      if (ties.size() == 1) {
        break;
      }
      if (strategy instanceof Strategy.Binpack binpack) {
        ties = fewest(ties, binpackKey(binpack.field()));
      } else if (strategy instanceof Strategy.Spread spread) {
        ties = spread(ties, live, spread, request.group());
      } else {
        ties = List.of(ties.get(random.nextInt(ties.size())));
      }
    }
    return new Decision(ties.get(random.nextInt(ties.size())), rejections);
  }

  /**
   * The first requirement the instance does not meet, in ECS's order, or null when it fits: status,
   * agent, attributes, CPU, memory, GPU, TCP ports, UDP ports. GPUs are checked with the amounts
   * (a count of free ids, like CPU and memory) and before the ports (a clash over particular
   * numbers); ECS lists GPU among the resources a candidate needs without fixing an order.
   */
  public static String unmetRequirement(ContainerInstance instance, Resources need) {
    return unmetRequirement(instance, need, java.util.Set.of());
  }

  /** The same, for a task whose definition also requires these attributes of the instance. */
  public static String unmetRequirement(ContainerInstance instance, Resources need,
      java.util.Set<String> requiredAttributes) {
    if (!ContainerInstance.ACTIVE.equals(instance.status())) {
      return instance.status(); // DRAINING (or another non-ACTIVE status) takes no new tasks
    }
    if (!instance.agentConnected()) {
      return AGENT;
    }
    for (String attribute : requiredAttributes) {
      if (instance.attributes().stream().noneMatch(a -> a.name().equals(attribute))) {
        return ATTRIBUTE;
      }
    }
    if (instance.remainingCpu() < need.cpu()) {
      return RESOURCE_CPU;
    }
    if (instance.remainingMemory() < need.memory()) {
      return RESOURCE_MEMORY;
    }
    if (need.gpus() > 0 && instance.freeGpus().size() < need.gpus()) {
      return RESOURCE_GPU;
    }
    if (need.tcpPorts().stream().anyMatch(instance.tcpPortsInUse()::contains)) {
      return RESOURCE_PORTS;
    }
    if (need.udpPorts().stream().anyMatch(instance.udpPortsInUse()::contains)) {
      return RESOURCE_PORTS_UDP;
    }
    return null;
  }

  static ToLongFunction<ContainerInstance> binpackKey(Strategy.Binpack.Field field) {
    return switch (field) {
      case CPU -> ContainerInstance::remainingCpu;
      case MEMORY -> ContainerInstance::remainingMemory;
    };
  }

  /** Instances without the attribute share one bucket, which no real value can name. */
  private static final String MISSING = "\u0000missing";

  /** The spread bucket of an instance: its attribute's value ("" when it has no value). */
  static String bucket(ContainerInstance instance, String attribute) {
    for (var a : instance.attributes()) {
      if (a.name().equals(attribute)) {
        return a.value() == null ? "" : a.value();
      }
    }
    return MISSING;
  }

  /** Tasks that count for spread: those of the same group (all tasks when there is no group). */
  private static long tasksOf(ContainerInstance instance, String group) {
    return group == null ? instance.reservations().size() : instance.taskGroups().filter(group::equals).count();
  }

  private static List<ContainerInstance> spread(List<ContainerInstance> ties, List<ContainerInstance> all,
      Strategy.Spread spread, String group) {
    if (spread.byInstance()) {
      return fewest(ties, i -> tasksOf(i, group));
    }
    String name = spread.attribute();
    Map<String, Long> tasksPerValue = new HashMap<>();
    for (ContainerInstance i : all) {
      tasksPerValue.merge(bucket(i, name), tasksOf(i, group), Long::sum);
    }
    return fewest(ties, i -> tasksPerValue.get(bucket(i, name)));
  }

  private static List<ContainerInstance> fewest(List<ContainerInstance> ties, ToLongFunction<ContainerInstance> key) {
    long min = ties.stream().mapToLong(key).min().orElseThrow();
    return ties.stream().filter(i -> key.applyAsLong(i) == min).toList();
  }
}
