package dev.berth.scheduler;

import dev.berth.model.ContainerInstance;
import dev.berth.model.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * Which of a service's tasks to stop first when it scales in. The rules come from ECS's developer
 * guide (the strategy table of "task placement strategies" and the stopping logic of "Update
 * Amazon ECS service parameters"):
 *
 * <ul>
 *   <li>{@code spread}: the tasks left behind should stay evenly spread, so each stop takes from the
 *       bucket (zone, instance or attribute value) holding the most of the service's remaining
 *       tasks, at random inside that bucket. The guide states this for zones; the same rule is
 *       applied to whatever field the strategy names.
 *   <li>{@code binpack}: stop the task whose instance ends up with the largest amount of the field
 *       (CPU or memory) available once the task has gone, i.e. its remainder plus what the task
 *       holds.
 *   <li>No strategy, or one that starts with {@code random}: the service scheduler's own stopping
 *       order: the Availability Zone running the most of the service's tasks first, and inside it
 *       the instance running the most of them; that is spread by zone then by instance, read for
 *       scale-in.
 * </ul>
 *
 * As in placement, each later strategy only breaks the ties left by the earlier ones, a
 * {@code random} entry ends the chain, and the ties that remain are broken with the given random
 * source over the tasks in id order, so a seeded source always gives the same answer. Tasks are
 * chosen one at a time and the counts updated after each, so the list is also the order to stop
 * them in. Pure: the cluster view and the random source come in, task ids go out.
 */
public final class ScaleIn {

  /** The stopping rule used when the service names no strategy (or starts with random). */
  public static final List<Strategy> DEFAULT =
      List.of(DefaultStrategies.SPREAD_BY_ZONE, DefaultStrategies.SPREAD_BY_INSTANCE);

  /**
   * One live task of the service: its position in id order, its id, the instance it holds resources
   * on, and what it holds there.
   */
  private record Candidate(int index, String taskId, ContainerInstance instance, Resources holds) {}

  /**
   * The first {@code count} tasks to stop among the service's tasks: every reservation of
   * {@code group} on the given instances. Returns all of them, in stopping order, when
   * {@code count} is at least their number.
   */
  public static List<String> tasksToStop(Collection<ContainerInstance> instances, String group,
      List<Strategy> strategies, int count, RandomGenerator random) {
    Objects.requireNonNull(group, "group");
    Set<String> taskIds = new HashSet<>();
    for (ContainerInstance instance : instances) {
      instance.reservations().forEach((taskId, reservation) -> {
        if (group.equals(reservation.group())) {
          taskIds.add(taskId);
        }
      });
    }
    return tasksToStopAmong(instances, taskIds, strategies, count, random);
  }

  /**
   * The first {@code count} tasks to stop among the given task ids, each located through the
   * reservation it holds on one of the instances. Only these tasks count for balance, so leave out
   * the ones already told to stop. A task that holds no reservation on any of the instances (its
   * instance is gone from the view) keeps nothing in balance and is chosen before all others.
   */
  public static List<String> tasksToStopAmong(Collection<ContainerInstance> instances, Collection<String> taskIds,
      List<Strategy> strategies, int count, RandomGenerator random) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    List<Strategy> rules = effective(strategies);
    Set<String> wanted = new LinkedHashSet<>(taskIds);
    List<Candidate> candidates = new ArrayList<>();
    for (ContainerInstance instance : instances) {
      instance.reservations().forEach((taskId, reservation) -> {
        if (wanted.remove(taskId)) {
          candidates.add(new Candidate(-1, taskId, instance, reservation.resources()));
        }
      });
    }
    List<String> chosen = new ArrayList<>(Math.min(count, taskIds.size()));
    wanted.stream().sorted().limit(count).forEach(chosen::add); // tasks with no instance in the view
    candidates.sort(Comparator.comparing(Candidate::taskId));
    Order order = new Order(rules, candidates);
    while (chosen.size() < count && order.hasNext()) {
      chosen.add(order.next(random));
    }
    return chosen;
  }

  /** The strategies that order stopping: those before the first random, else the default. */
  private static List<Strategy> effective(List<Strategy> strategies) {
    List<Strategy> rules = new ArrayList<>();
    boolean ended = false;
    for (Strategy strategy : strategies == null ? List.<Strategy>of() : strategies) {
      if (strategy instanceof Strategy.Random) {
        ended = true;
      } else if (!ended) {
        rules.add(strategy);
      }
    }
    return rules.isEmpty() ? DEFAULT : rules;
  }

  /** The candidates with the largest key. */
  private static List<Candidate> most(List<Candidate> ties, ToLongFunction<Candidate> key) {
    long max = Long.MIN_VALUE;
    for (Candidate c : ties) {
      max = Math.max(max, key.applyAsLong(c));
    }
    List<Candidate> out = new ArrayList<>();
    for (Candidate c : ties) {
      if (key.applyAsLong(c) == max) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The tasks not chosen yet, with what the strategies look at kept up to date as tasks are chosen:
   * per spread rule each task's bucket and the remaining count per bucket, and per instance what
   * the chosen tasks have freed.
   */
  private static final class Order {
    private final List<Strategy> rules;
    private final List<Candidate> remaining = new ArrayList<>();
    private final String[][] buckets;
    private final List<Map<String, Long>> counts = new ArrayList<>();
    private final Map<String, long[]> freed = new HashMap<>(); // instance id -> {cpu, memory}

    Order(List<Strategy> rules, List<Candidate> byId) {
      this.rules = rules;
      for (int i = 0; i < byId.size(); i++) {
        Candidate c = byId.get(i);
        remaining.add(new Candidate(i, c.taskId(), c.instance(), c.holds()));
      }
      buckets = new String[rules.size()][];
      for (int r = 0; r < rules.size(); r++) {
        Map<String, Long> perBucket = new HashMap<>(); // instances without the attribute share the null bucket
        if (rules.get(r) instanceof Strategy.Spread spread) {
          Function<ContainerInstance, String> bucketOf = bucketOf(spread);
          buckets[r] = new String[remaining.size()];
          for (Candidate c : remaining) {
            String bucket = bucketOf.apply(c.instance());
            buckets[r][c.index()] = bucket;
            perBucket.merge(bucket, 1L, Long::sum);
          }
        }
        counts.add(perBucket);
      }
    }

    boolean hasNext() {
      return !remaining.isEmpty();
    }

    String next(RandomGenerator random) {
      List<Candidate> ties = remaining;
      for (int r = 0; r < rules.size() && ties.size() > 1; r++) {
        ties = most(ties, key(r));
      }
      Candidate stop = ties.size() == 1 ? ties.get(0) : ties.get(random.nextInt(ties.size()));
      for (int i = 0; i < remaining.size(); i++) {
        if (remaining.get(i) == stop) {
          remaining.remove(i);
          break;
        }
      }
      for (int r = 0; r < rules.size(); r++) {
        if (buckets[r] != null) {
          counts.get(r).merge(buckets[r][stop.index()], -1L, Long::sum);
        }
      }
      long[] f = freed.computeIfAbsent(stop.instance().id(), id -> new long[2]);
      f[0] += stop.holds().cpu();
      f[1] += stop.holds().memory();
      return stop.taskId();
    }

    private ToLongFunction<Candidate> key(int r) {
      if (buckets[r] != null) {
        Map<String, Long> perBucket = counts.get(r);
        String[] bucket = buckets[r];
        return c -> perBucket.get(bucket[c.index()]); // how many remaining tasks share the task's bucket
      }
      // binpack: what the task's instance would have available of the field once the task stops
      int field = ((Strategy.Binpack) rules.get(r)).field() == Strategy.Binpack.Field.CPU ? 0 : 1;
      return c -> {
        long[] f = freed.get(c.instance().id());
        long left = field == 0 ? c.instance().remainingCpu() : c.instance().remainingMemory();
        long holds = field == 0 ? c.holds().cpu() : c.holds().memory();
        return left + (f == null ? 0 : f[field]) + holds;
      };
    }

    private static Function<ContainerInstance, String> bucketOf(Strategy.Spread spread) {
      if (spread.byInstance()) {
        return ContainerInstance::id;
      }
      String name = spread.attribute();
      return instance -> instance.attribute(name);
    }
  }

  private ScaleIn() {}
}
