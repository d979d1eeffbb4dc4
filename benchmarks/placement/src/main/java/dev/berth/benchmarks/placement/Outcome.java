package dev.berth.benchmarks.placement;

import java.util.Arrays;

/**
 * Where one workload's tasks landed, and the packing figures that follow. Every placement is
 * checked against the instance's capacity, so a scheduler that over-allocates fails loudly.
 */
public final class Outcome {
  private final Workload workload;
  private final int[] tasks;
  private final int[] cpu;
  private final int[] memory;
  private int placed;
  private int unplaced;

  public Outcome(Workload workload) {
    this.workload = workload;
    int n = workload.instances();
    this.tasks = new int[n];
    this.cpu = new int[n];
    this.memory = new int[n];
  }

  /** Records that {@code task} went to instance {@code index}. */
  public void placed(int index, Workload.Task task) {
    cpu[index] += task.cpu();
    memory[index] += task.memory();
    if (cpu[index] > Workload.INSTANCE_CPU || memory[index] > Workload.INSTANCE_MEMORY) {
      throw new IllegalStateException("instance " + index + " over-allocated by " + task.id());
    }
    tasks[index]++;
    placed++;
  }

  /** Records tasks the scheduler could not place. */
  public void unplaced(int count) {
    unplaced += count;
  }

  public Workload workload() {
    return workload;
  }

  public int placed() {
    return placed;
  }

  public int unplaced() {
    return unplaced;
  }

  /** Instances holding at least one task. */
  public int instancesUsed() {
    return (int) Arrays.stream(tasks).filter(t -> t > 0).count();
  }

  /** Instances used over the lower bound (1.0 is perfect packing). */
  public double packingRatio() {
    return (double) instancesUsed() / workload.lowerBound();
  }

  public int minTasksPerInstance() {
    return Arrays.stream(tasks).min().orElse(0);
  }

  public int maxTasksPerInstance() {
    return Arrays.stream(tasks).max().orElse(0);
  }

  /** Max minus min tasks per instance over the whole cluster (0 or 1 is a perfect spread). */
  public int spreadGap() {
    return maxTasksPerInstance() - minTasksPerInstance();
  }
}
