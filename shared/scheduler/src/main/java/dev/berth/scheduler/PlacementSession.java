package dev.berth.scheduler;

import dev.berth.model.ContainerInstance;
import dev.berth.model.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * A cluster view prepared for placing tasks of one request, one at a time, with the view updated
 * between them. It avoids scoring every instance for every task:
 *
 * <ul>
 *   <li>{@code binpack} keeps the instances ordered by what remains of its field (best fit, as an
 *       ordered index): the first instance from the smallest sufficient remainder upward that fits
 *       and passes the constraints is the answer, ties going to the lowest id;
 *   <li>{@code spread} by instance keeps them ordered by their count of the group's tasks, and by
 *       attribute keeps a count per bucket and, within each bucket, the same order: the least
 *       loaded bucket with a fitting instance wins. ECS's default for services, spread by zone
 *       then by instance, is that same index: among the least loaded buckets that can take the
 *       task, the instances with the fewest of the group's tasks. Ties go to an instance chosen at
 *       random (the first that fits from a random id on), as on the exact path: at the lowest id,
 *       every new service's first task would land on the same instance;
 *   <li>{@code random} (and no strategy) samples instances, as Nomad and kube-scheduler bound their
 *       search, and takes the first that fits; only if a bounded sample finds nothing does it look
 *       at every instance.
 * </ul>
 *
 * Chains of several strategies take the exact path: every instance is checked and the strategies
 * narrow the ties in order. Whenever no instance is found, the exact path runs once more so the
 * rejections (the first unmet requirement of each instance) and constraint failures are complete.
 */
public final class PlacementSession {
  private final PlacementRequest request;
  private final Map<String, ContainerInstance> live = new HashMap<>();
  private final List<String> ids = new ArrayList<>();
  private final Map<String, Integer> position = new HashMap<>();
  private final Mode mode;
  private final Strategy.Binpack.Field binpackField;
  private final String spreadAttribute;
  private final NavigableSet<ContainerInstance> ordered;
  /** SPREAD_INSTANCE: every live instance by its load, then id. */
  private final NavigableMap<Load, ContainerInstance> byLoad = new TreeMap<>();
  private final Map<String, NavigableMap<Load, ContainerInstance>> buckets = new HashMap<>();
  private final Map<String, Long> bucketCounts = new HashMap<>();
  /** Each live instance's count of the group's tasks, cached so the orders compare cheaply. */
  private final Map<String, Long> load = new HashMap<>();

  private enum Mode { BINPACK, SPREAD_INSTANCE, SPREAD_ATTRIBUTE, RANDOM, EXACT }

  /** An instance's place in a spread order: its count of the group's tasks, then its id. */
  private record Load(long tasks, String id) implements Comparable<Load> {
    @Override
    public int compareTo(Load other) {
      int byTasks = Long.compare(tasks, other.tasks);
      return byTasks != 0 ? byTasks : id.compareTo(other.id);
    }
  }

  PlacementSession(PlacementRequest request, Collection<ContainerInstance> instances) {
    this.request = request;
    List<Strategy> strategies = request.strategies();
    Strategy only = strategies.size() == 1 ? strategies.get(0) : null;
    if (strategies.isEmpty() || only instanceof Strategy.Random) {
      mode = Mode.RANDOM;
    } else if (only instanceof Strategy.Binpack) {
      mode = Mode.BINPACK;
    } else if (only instanceof Strategy.Spread spread && spread.byInstance()) {
      mode = Mode.SPREAD_INSTANCE;
    } else if (only instanceof Strategy.Spread) {
      mode = Mode.SPREAD_ATTRIBUTE;
    } else if (zoneThenInstance(strategies)) {
      mode = Mode.SPREAD_ATTRIBUTE; // the same index: within the least loaded buckets, the least loaded instances
    } else {
      mode = Mode.EXACT;
    }
    binpackField = only instanceof Strategy.Binpack binpack ? binpack.field() : null;
    spreadAttribute = mode == Mode.SPREAD_ATTRIBUTE ? ((Strategy.Spread) strategies.get(0)).attribute() : null;
    ordered = mode == Mode.BINPACK
        ? new TreeSet<>(Comparator.comparingLong(this::remaining).thenComparing(ContainerInstance::id))
        : null;
    // Id order first, so that sampling with a seeded random source does not depend on input order.
    List<ContainerInstance> sorted = new ArrayList<>(instances);
    sorted.sort(Comparator.comparing(ContainerInstance::id));
    for (ContainerInstance instance : sorted) {
      if (!ContainerInstance.INACTIVE.equals(instance.status())) {
        add(instance);
      }
    }
  }

  /**
   * Chooses an instance for the next task (the view is not changed; report the outcome with
   * update). The decision lists every rejected instance only when nothing could be chosen.
   */
  public PlacementEngine.Decision place(RandomGenerator random) {
    return place(request.need(), random);
  }

  /**
   * The same for a task of another size: the session's indexes depend on the request's group,
   * constraints and strategies, not on its size, so tasks of different sizes can share one.
   */
  public PlacementEngine.Decision place(Resources need, RandomGenerator random) {
    ContainerInstance chosen = switch (mode) {
      case BINPACK -> firstFitting(ordered.tailSet(floor(need), true), need);
      case SPREAD_INSTANCE -> leastLoaded(byLoad, need, random);
      case SPREAD_ATTRIBUTE -> leastLoadedBucket(need, random);
      case RANDOM -> sample(random, need);
      case EXACT -> null;
    };
    if (chosen != null) {
      return new PlacementEngine.Decision(chosen, List.of());
    }
    PlacementRequest sized = need.equals(request.need()) ? request : new PlacementRequest(need, request.group(),
        request.constraints(), request.strategies(), request.requiredAttributes());
    return PlacementEngine.exact(sized, live.values(), random);
  }

  /** An instance changed: a placement was made on it, or a refused write returned its current state. */
  public void update(ContainerInstance after) {
    remove(after.id());
    if (!ContainerInstance.INACTIVE.equals(after.status())) {
      add(after);
    }
  }

  /** An instance is gone from the cluster. */
  public void remove(String id) {
    ContainerInstance old = live.remove(id);
    if (old == null) {
      return;
    }
    int at = position.remove(id);
    String last = ids.remove(ids.size() - 1);
    if (!last.equals(id)) {
      ids.set(at, last);
      position.put(last, at);
    }
    if (ordered != null) {
      ordered.remove(old);
    }
    Load key = new Load(load.remove(id), id);
    if (mode == Mode.SPREAD_INSTANCE) {
      byLoad.remove(key);
    }
    if (spreadAttribute != null) {
      String bucket = bucketOf(old);
      buckets.get(bucket).remove(key);
      bucketCounts.merge(bucket, -key.tasks(), Long::sum);
    }
  }

  public ContainerInstance get(String id) {
    return live.get(id);
  }

  private void add(ContainerInstance instance) {
    live.put(instance.id(), instance);
    load.put(instance.id(), groupLoad(instance));
    position.put(instance.id(), ids.size());
    ids.add(instance.id());
    if (ordered != null) {
      ordered.add(instance);
    }
    Load key = new Load(load.get(instance.id()), instance.id());
    if (mode == Mode.SPREAD_INSTANCE) {
      byLoad.put(key, instance);
    }
    if (spreadAttribute != null) {
      String bucket = bucketOf(instance);
      buckets.computeIfAbsent(bucket, b -> new TreeMap<>()).put(key, instance);
      bucketCounts.merge(bucket, key.tasks(), Long::sum);
    }
  }

  private boolean fits(ContainerInstance instance, Resources need) {
    if (PlacementEngine.unmetRequirement(instance, need, request.requiredAttributes()) != null) {
      return false;
    }
    for (Constraint constraint : request.constraints()) {
      if (!constraint.allows(instance, request.group())) {
        return false;
      }
    }
    return true;
  }

  private ContainerInstance firstFitting(Iterable<ContainerInstance> candidates, Resources need) {
    for (ContainerInstance instance : candidates) {
      if (fits(instance, need)) {
        return instance;
      }
    }
    return null;
  }

  /** The lowest key a fitting instance can have in the binpack order: its remainder covers the need. */
  private ContainerInstance floor(Resources need) {
    return probe(binpackField == Strategy.Binpack.Field.CPU ? need.cpu() : need.memory());
  }

  /**
   * Among the buckets with the fewest of the group's tasks that have an instance the task fits
   * (buckets tied on that count compete together), the instances with the fewest: one at random.
   */
  private ContainerInstance leastLoadedBucket(Resources need, RandomGenerator random) {
    List<String> order = new ArrayList<>(buckets.keySet());
    order.sort(Comparator.comparingLong((String b) -> bucketCounts.getOrDefault(b, 0L)).thenComparing(b -> b));
    for (int from = 0; from < order.size(); ) {
      long count = bucketCounts.getOrDefault(order.get(from), 0L);
      long fewest = Long.MAX_VALUE;
      List<String> best = new ArrayList<>();
      for (; from < order.size() && bucketCounts.getOrDefault(order.get(from), 0L) == count; from++) {
        Map.Entry<Load, ContainerInstance> first = firstFitting(buckets.get(order.get(from)), need);
        if (first == null) {
          continue;
        }
        if (first.getKey().tasks() < fewest) {
          fewest = first.getKey().tasks();
          best.clear();
        }
        if (first.getKey().tasks() == fewest) {
          best.add(order.get(from));
        }
      }
      if (!best.isEmpty()) {
        return leastLoaded(buckets.get(best.get(best.size() == 1 ? 0 : random.nextInt(best.size()))), need, random);
      }
    }
    return null;
  }

  /**
   * Of the instances the task fits with the fewest of the group's tasks, one at random: the first
   * that fits from a random id on among those with that count, wrapping round to the lowest.
   */
  private ContainerInstance leastLoaded(NavigableMap<Load, ContainerInstance> order, Resources need,
      RandomGenerator random) {
    Map.Entry<Load, ContainerInstance> first = firstFitting(order, need);
    if (first == null) {
      return null;
    }
    long fewest = first.getKey().tasks();
    String from = ids.get(random.nextInt(ids.size()));
    for (var e : order.tailMap(new Load(fewest, from), true).entrySet()) {
      if (e.getKey().tasks() != fewest) {
        break;
      }
      if (fits(e.getValue(), need)) {
        return e.getValue();
      }
    }
    return first.getValue();
  }

  private Map.Entry<Load, ContainerInstance> firstFitting(NavigableMap<Load, ContainerInstance> order,
      Resources need) {
    for (var e : order.entrySet()) {
      if (fits(e.getValue(), need)) {
        return e;
      }
    }
    return null;
  }

  /** ECS's default for services: spread by an attribute, then by instance. */
  private static boolean zoneThenInstance(List<Strategy> strategies) {
    return strategies.size() == 2
        && strategies.get(0) instanceof Strategy.Spread first && !first.byInstance()
        && strategies.get(1) instanceof Strategy.Spread second && second.byInstance();
  }

  private ContainerInstance sample(RandomGenerator random, Resources need) {
    int n = ids.size();
    if (n == 0) {
      return null;
    }
    int tries = Math.min(n, 2 * (32 - Integer.numberOfLeadingZeros(n)) + 16);
    for (int i = 0; i < tries; i++) {
      ContainerInstance candidate = live.get(ids.get(random.nextInt(n)));
      if (fits(candidate, need)) {
        return candidate;
      }
    }
    return null; // the exact path decides, among every instance
  }

  private long remaining(ContainerInstance instance) {
    return PlacementEngine.binpackKey(binpackField).applyAsLong(instance);
  }

  private long groupLoad(ContainerInstance instance) {
    String group = request.group();
    return group == null ? instance.reservations().size() : instance.taskGroups().filter(group::equals).count();
  }

  private String bucketOf(ContainerInstance instance) {
    return PlacementEngine.bucket(instance, spreadAttribute);
  }

  /** A key-only instance that sorts before every real instance with this remainder. */
  private ContainerInstance probe(long remainder) {
    int value = (int) Math.min(Integer.MAX_VALUE, remainder);
    return new ContainerInstance("", "", null, ContainerInstance.ACTIVE, null, true, List.of(),
        binpackField == Strategy.Binpack.Field.CPU ? value : 0, binpackField == Strategy.Binpack.Field.MEMORY ? value : 0,
        java.util.Set.of(),
        java.util.Set.of(), Map.of(), List.of(), null, null, 0, List.of());
  }
}
