package dev.berth.benchmarks.placement;

import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskAssignmentResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.VMAssignmentResult;
import com.netflix.fenzo.VMTaskFitnessCalculator;
import com.netflix.fenzo.VirtualMachineLease;
import com.netflix.fenzo.functions.Action2;
import com.netflix.fenzo.plugins.BinPackingFitnessCalculators;
import com.netflix.fenzo.plugins.SpreadingFitnessCalculators;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Netflix Fenzo's side, used the way its documentation describes (Mesos-style offers):
 *
 * <ul>
 *   <li>every host offers a lease for all of its resources once, before the clock starts;
 *   <li>tasks go to {@code scheduleOnce} in batches of {@value #BATCH}, in workload order;
 *   <li>each assignment is confirmed through {@code getTaskAssigner()}, so Fenzo's fitness
 *       calculators see the tasks running on a host, and the part of a used lease that the batch did
 *       not take comes back as a new lease for the next batch (as a Mesos agent re-offers it);
 *       unused leases stay with Fenzo between batches.
 * </ul>
 *
 * <p>Tuned for speed with {@code withMaxOffersToReject(0)} (never hand idle leases back) and, for
 * binpack ({@code BinPackingFitnessCalculators.cpuMemBinPacker}), a "good enough" fitness of
 * {@value #GOOD_ENOUGH}: the host search stops at the first host scoring above it. Spread
 * ({@code SpreadingFitnessCalculators.cpuMemSpreader}) keeps Fenzo's default of scoring every host:
 * a spreader's score is the share of the host left free, so with a 0.5 cut-off it takes the first
 * host that is under half full and packs hosts to about half instead of spreading (the
 * {@code fenzo-0.5} variant, which {@link PlacementQuality} shows). Fenzo scores hosts on a thread
 * pool as large as the machine's processor count; that is its own design and is left as is.
 */
final class FenzoPlacer implements Placer {
  static final int BATCH = 200;
  static final double GOOD_ENOUGH = 0.5;
  /** Fitness never exceeds 1.0, so no host is good enough to stop at: Fenzo's default. */
  static final double SCORE_EVERY_HOST = 1.0;
  /** Fenzo works in cores; ECS CPU units are 1/1024 of a core. */
  private static final double UNITS_PER_CORE = 1024.0;

  private final Workload workload;
  private final TaskScheduler scheduler;
  private final Action2<TaskRequest, String> assigner;
  private final List<Request> requests;
  private final Map<String, Integer> indexOf;
  private long leaseSeq;

  /** Tuned as described above. */
  FenzoPlacer(Workload workload, Strategy strategy) {
    this(workload, strategy, strategy == Strategy.BINPACK ? GOOD_ENOUGH : SCORE_EVERY_HOST);
  }

  /**
   * With an explicit "good enough" threshold: the search stops at the first host scoring above it
   * ({@link #SCORE_EVERY_HOST}: never stop early).
   */
  FenzoPlacer(Workload workload, Strategy strategy, double goodEnough) {
    this.workload = workload;
    VMTaskFitnessCalculator fitness = switch (strategy) {
      case BINPACK -> BinPackingFitnessCalculators.cpuMemBinPacker;
      case SPREAD -> SpreadingFitnessCalculators.cpuMemSpreader;
    };
    this.scheduler = new TaskScheduler.Builder()
        .withLeaseRejectAction(lease -> { })
        .withMaxOffersToReject(0)
        .withFitnessCalculator(fitness)
        .withFitnessGoodEnoughFunction(f -> f > goodEnough)
        .build();
    int n = workload.instances();
    this.indexOf = new HashMap<>(n * 2);
    List<VirtualMachineLease> leases = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String host = workload.instanceId(i);
      indexOf.put(host, i);
      leases.add(new Lease(nextLeaseId(), host, Workload.INSTANCE_CPU / UNITS_PER_CORE, Workload.INSTANCE_MEMORY));
    }
    scheduler.scheduleOnce(List.<TaskRequest>of(), leases); // hands Fenzo the leases; places nothing
    this.assigner = scheduler.getTaskAssigner();
    this.requests = workload.tasks().stream().map(Request::new).toList();
  }

  @Override
  public Outcome placeAll() {
    Outcome outcome = new Outcome(workload);
    List<VirtualMachineLease> offers = List.of();
    for (int from = 0; from < requests.size(); from += BATCH) {
      List<Request> batch = requests.subList(from, Math.min(requests.size(), from + BATCH));
      SchedulingResult result = scheduler.scheduleOnce(batch, offers);
      if (!result.getExceptions().isEmpty()) {
        throw new IllegalStateException("Fenzo failed", result.getExceptions().get(0));
      }
      List<VirtualMachineLease> next = new ArrayList<>();
      for (VMAssignmentResult vm : result.getResultMap().values()) {
        String host = vm.getHostname();
        double cpu = 0;
        double memory = 0;
        for (VirtualMachineLease used : vm.getLeasesUsed()) {
          cpu += used.cpuCores();
          memory += used.memoryMB();
        }
        for (TaskAssignmentResult assigned : vm.getTasksAssigned()) {
          Request request = (Request) assigned.getRequest();
          assigner.call(request, host);
          cpu -= request.getCPUs();
          memory -= request.getMemory();
          outcome.placed(indexOf.get(host), request.task);
        }
        next.add(new Lease(nextLeaseId(), host, cpu, memory));
      }
      outcome.unplaced(result.getFailures().size());
      offers = next;
    }
    return outcome;
  }

  @Override
  public void close() {
    scheduler.shutdown();
  }

  private String nextLeaseId() {
    return "lease-" + leaseSeq++;
  }

  /** A task as Fenzo sees it: CPU cores and memory, nothing else. */
  private static final class Request implements TaskRequest {
    final Workload.Task task;
    private final double cpus;
    private AssignedResources assignedResources;

    Request(Workload.Task task) {
      this.task = task;
      this.cpus = task.cpu() / UNITS_PER_CORE;
    }

    @Override public String getId() { return task.id(); }
    @Override public String taskGroupName() { return "bench"; }
    @Override public double getCPUs() { return cpus; }
    @Override public double getMemory() { return task.memory(); }
    @Override public double getNetworkMbps() { return 0; }
    @Override public double getDisk() { return 0; }
    @Override public int getPorts() { return 0; }
    @Override public Map<String, Double> getScalarRequests() { return Collections.emptyMap(); }
    @Override public Map<String, NamedResourceSetRequest> getCustomNamedResources() { return Collections.emptyMap(); }
    @Override public List<? extends com.netflix.fenzo.ConstraintEvaluator> getHardConstraints() { return Collections.emptyList(); }
    @Override public List<? extends VMTaskFitnessCalculator> getSoftConstraints() { return Collections.emptyList(); }
    @Override public void setAssignedResources(AssignedResources assignedResources) { this.assignedResources = assignedResources; }
    @Override public AssignedResources getAssignedResources() { return assignedResources; }
  }

  /** An offer of a host's free CPU and memory; no ports, disk, network or attributes. */
  private record Lease(String getId, String hostname, double cpuCores, double memoryMB, long getOfferedTime)
      implements VirtualMachineLease {
    Lease(String id, String hostname, double cpuCores, double memoryMB) {
      this(id, hostname, cpuCores, memoryMB, System.currentTimeMillis());
    }

    @Override public String getVMID() { return hostname; }
    @Override public double networkMbps() { return 0; }
    @Override public double diskMB() { return 0; }
    @Override public List<Range> portRanges() { return Collections.emptyList(); }
    @Override public org.apache.mesos.Protos.Offer getOffer() { return null; }
    @Override public Map<String, org.apache.mesos.Protos.Attribute> getAttributeMap() { return Collections.emptyMap(); }
    @Override public Double getScalarValue(String name) { return null; }
    @Override public Map<String, Double> getScalarValues() { return Collections.emptyMap(); }
  }
}
