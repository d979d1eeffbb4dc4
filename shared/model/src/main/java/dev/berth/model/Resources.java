package dev.berth.model;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one task holds on its container instance: CPU units, MiB of memory, its static TCP and UDP
 * host ports, and its GPUs. The same value is a task's requirement before placement and its
 * reservation entry on the instance after. GPUs are counted in a requirement ({@code gpus}, with no
 * ids) and named in a reservation ({@code gpuIds}, one id per GPU, chosen at placement): ports are
 * known before placement, GPU ids only once an instance is chosen.
 */
public record Resources(int cpu, int memory, Set<Integer> tcpPorts, Set<Integer> udpPorts, int gpus,
    Set<String> gpuIds) {
  public static final Resources NONE = new Resources(0, 0, Set.of(), Set.of());

  public Resources {
    if (cpu < 0 || memory < 0 || gpus < 0) {
      throw new IllegalArgumentException("negative resources");
    }
    tcpPorts = Set.copyOf(new TreeSet<>(tcpPorts));
    udpPorts = Set.copyOf(new TreeSet<>(udpPorts));
    gpuIds = gpuIds == null ? Set.of() : Set.copyOf(gpuIds);
    if (!gpuIds.isEmpty() && gpuIds.size() != gpus) {
      throw new IllegalArgumentException("GPU ids do not match the GPU count");
    }
  }

  /** Without GPUs. */
  public Resources(int cpu, int memory, Set<Integer> tcpPorts, Set<Integer> udpPorts) {
    this(cpu, memory, tcpPorts, udpPorts, 0, Set.of());
  }

  /** The same requirement, held as these GPU ids (as many as it needs). */
  public Resources withGpuIds(Set<String> ids) {
    return new Resources(cpu, memory, tcpPorts, udpPorts, gpus, ids);
  }
}
