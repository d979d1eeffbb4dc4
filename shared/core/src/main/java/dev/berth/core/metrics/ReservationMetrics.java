package dev.berth.core.metrics;

import dev.berth.core.metrics.Metrics.Metric;
import dev.berth.model.ContainerInstance;
import dev.berth.model.ContainerInstance.Reservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ECS's reservation metrics, computed from a cluster's ledger items (pure). Counted over ACTIVE and
 * DRAINING instances only: CPUReservation = CPU units reserved by tasks ÷ CPU registered,
 * MemoryReservation the same in MiB (a container reserves its memoryReservation if set, else its
 * memory, which is what its ledger entry holds), GPUReservation = GPUs reserved ÷ GPUs registered
 * on the instances that have GPUs (left out when none has). A service's reservation is its tasks'
 * share of the same registered totals. Also the cluster's pending and running task counts.
 */
public final class ReservationMetrics {
  public static final String SERVICE_GROUP = "service:";

  /** One record's dimensions and values. */
  public record Record(Map<String, String> dimensions, List<Metric> metrics) {}

  private ReservationMetrics() {}

  public static List<Record> of(String cluster, List<ContainerInstance> instances) {
    long cpuRegistered = 0;
    long cpuReserved = 0;
    long memoryRegistered = 0;
    long memoryReserved = 0;
    long gpusRegistered = 0;
    long gpusReserved = 0;
    int pending = 0;
    int running = 0;
    Map<String, long[]> byService = new TreeMap<>();
    for (ContainerInstance ci : instances) {
      if (!ContainerInstance.ACTIVE.equals(ci.status()) && !ContainerInstance.DRAINING.equals(ci.status())) {
        continue;
      }
      cpuRegistered += ci.registeredCpu();
      cpuReserved += ci.registeredCpu() - ci.remainingCpu();
      memoryRegistered += ci.registeredMemory();
      memoryReserved += ci.registeredMemory() - ci.remainingMemory();
      gpusRegistered += ci.registeredGpus().size();
      gpusReserved += ci.gpusInUse().size();
      pending += ci.pendingTaskCount();
      running += ci.runningTaskCount();
      for (Reservation r : ci.reservations().values()) {
        if (r.group() != null && r.group().startsWith(SERVICE_GROUP)) {
          long[] sums = byService.computeIfAbsent(r.group().substring(SERVICE_GROUP.length()), k -> new long[3]);
          sums[0] += r.resources().cpu();
          sums[1] += r.resources().memory();
          sums[2] += r.resources().gpus();
        }
      }
    }
    List<Record> records = new ArrayList<>();
    if (cpuRegistered > 0 || memoryRegistered > 0) {
      List<Metric> metrics = new ArrayList<>(reservations(cpuReserved, cpuRegistered, memoryReserved,
          memoryRegistered, gpusReserved, gpusRegistered));
      metrics.add(Metric.count(MetricNames.PENDING_TASK_COUNT, pending));
      metrics.add(Metric.count(MetricNames.RUNNING_TASK_COUNT, running));
      records.add(new Record(Map.of("ClusterName", cluster), metrics));
    }
    for (var e : byService.entrySet()) {
      Map<String, String> dimensions = new LinkedHashMap<>();
      dimensions.put("ClusterName", cluster);
      dimensions.put("ServiceName", e.getKey());
      long[] sums = e.getValue();
      records.add(new Record(dimensions, reservations(sums[0], cpuRegistered, sums[1], memoryRegistered, sums[2],
          gpusRegistered)));
    }
    return records;
  }

  private static List<Metric> reservations(long cpu, long cpuRegistered, long memory, long memoryRegistered, long gpus,
      long gpusRegistered) {
    List<Metric> metrics = new ArrayList<>();
    if (cpuRegistered > 0) {
      metrics.add(Metric.percent(MetricNames.CPU_RESERVATION, percent(cpu, cpuRegistered)));
    }
    if (memoryRegistered > 0) {
      metrics.add(Metric.percent(MetricNames.MEMORY_RESERVATION, percent(memory, memoryRegistered)));
    }
    if (gpusRegistered > 0) {
      metrics.add(Metric.percent(MetricNames.GPU_RESERVATION, percent(gpus, gpusRegistered)));
    }
    return metrics;
  }

  static double percent(long part, long whole) {
    return 100.0 * part / whole;
  }
}
