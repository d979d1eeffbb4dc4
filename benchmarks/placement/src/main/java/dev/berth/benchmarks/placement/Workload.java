package dev.berth.benchmarks.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A cluster of identical empty instances and the tasks to place on it, drawn from a fixed seed so
 * every scheduler (and every run) sees the same tasks in the same order.
 *
 * <p>Each instance has 16 vCPU (16,384 CPU units) and 64 GiB (65,536 MiB). Each task takes a CPU
 * size from {128, 256, 512, 1024, 2048} and, independently, a memory size from {256, 512, 1024,
 * 2048, 4096} MiB. Tasks are drawn until there are 10,000 of them or the next one would take the
 * cluster's CPU or memory past 70% of its capacity, so the workload always fits: 200 instances get
 * the first 2,883 tasks of the sequence, 2,000 and 10,000 instances get all 10,000. Because the
 * draw is sequential, a smaller cluster's workload is a prefix of a larger one's. Instances get
 * random 32-hex-digit ids, like ECS container instance ids, from a second fixed seed.
 */
public final class Workload {
  public static final int INSTANCE_CPU = 16_384;
  public static final int INSTANCE_MEMORY = 65_536;
  public static final int MAX_TASKS = 10_000;
  public static final double MAX_LOAD = 0.70;
  public static final long SEED = 0x5EED_BE27L;

  private static final int[] CPU_SIZES = {128, 256, 512, 1024, 2048};
  private static final int[] MEMORY_SIZES = {256, 512, 1024, 2048, 4096};

  /** One task's requirement. */
  public record Task(String id, int cpu, int memory) {}

  private final List<String> instanceIds;
  private final List<Task> tasks;
  private final long totalCpu;
  private final long totalMemory;

  private Workload(List<String> instanceIds, List<Task> tasks) {
    this.instanceIds = List.copyOf(instanceIds);
    this.tasks = List.copyOf(tasks);
    this.totalCpu = tasks.stream().mapToLong(Task::cpu).sum();
    this.totalMemory = tasks.stream().mapToLong(Task::memory).sum();
  }

  /** The workload for a cluster of {@code instances} identical instances. */
  public static Workload forCluster(int instances) {
    if (instances <= 0) {
      throw new IllegalArgumentException("instances must be positive");
    }
    long cpuBudget = (long) (MAX_LOAD * instances * INSTANCE_CPU);
    long memoryBudget = (long) (MAX_LOAD * instances * INSTANCE_MEMORY);
    SplittableRandom random = new SplittableRandom(SEED);
    List<Task> tasks = new ArrayList<>();
    long cpu = 0;
    long memory = 0;
    while (tasks.size() < MAX_TASKS) {
      int taskCpu = CPU_SIZES[random.nextInt(CPU_SIZES.length)];
      int taskMemory = MEMORY_SIZES[random.nextInt(MEMORY_SIZES.length)];
      if (cpu + taskCpu > cpuBudget || memory + taskMemory > memoryBudget) {
        break;
      }
      cpu += taskCpu;
      memory += taskMemory;
      tasks.add(new Task(String.format("task-%05d", tasks.size()), taskCpu, taskMemory));
    }
    return new Workload(instanceIds(instances, new SplittableRandom(~SEED)), tasks);
  }

  /**
   * Random 32-hex-digit ids like ECS container instance ids, sorted, so that instance {@code i}
   * is the i-th in id order (the order a query of the cluster's instances returns them in).
   */
  private static List<String> instanceIds(int instances, SplittableRandom random) {
    TreeSet<String> ids = new TreeSet<>();
    while (ids.size() < instances) {
      ids.add(String.format("%016x%016x", random.nextLong(), random.nextLong()));
    }
    return new ArrayList<>(ids);
  }

  public int instances() {
    return instanceIds.size();
  }

  /** The id (Fenzo: host name) of instance {@code index}. */
  public String instanceId(int index) {
    return instanceIds.get(index);
  }

  public List<Task> tasks() {
    return tasks;
  }

  public long totalCpu() {
    return totalCpu;
  }

  public long totalMemory() {
    return totalMemory;
  }

  /** Fewest instances that could hold the workload: ceil(max(total CPU / instance CPU, total memory / instance memory)). */
  public long lowerBound() {
    return Math.max(ceilDiv(totalCpu, INSTANCE_CPU), ceilDiv(totalMemory, INSTANCE_MEMORY));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
