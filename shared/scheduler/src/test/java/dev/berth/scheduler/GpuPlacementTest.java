package dev.berth.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GpuPlacementTest {
  private static ContainerInstance instance(String id, int memory, List<String> gpus, Set<String> inUse) {
    return new ContainerInstance("c", id, null, ContainerInstance.ACTIVE, null, true,
        List.of(Resource.integer("CPU", 2048), Resource.integer("MEMORY", 4096), Resource.stringSet("GPU", gpus)),
        2048, memory, Set.of(22), Set.of(), inUse, Map.of(), List.of(), null, Instant.EPOCH, 1, List.of());
  }

  private static Resources gpus(int count, int memory, Integer... tcp) {
    return new Resources(0, memory, Set.of(tcp), Set.of(), count, Set.of());
  }

  @Test
  void tooFewFreeGpusIsResourceGpu() {
    ContainerInstance ci = instance("a", 4096, List.of("GPU-1", "GPU-2"), Set.of("GPU-1"));
    assertNull(PlacementEngine.unmetRequirement(ci, gpus(1, 128)));
    assertEquals(PlacementEngine.RESOURCE_GPU, PlacementEngine.unmetRequirement(ci, gpus(2, 128)));
  }

  @Test
  void anInstanceWithoutGpusCannotTakeATaskThatNeedsOne() {
    ContainerInstance ci = instance("a", 4096, List.of(), Set.of());
    assertEquals(PlacementEngine.RESOURCE_GPU, PlacementEngine.unmetRequirement(ci, gpus(1, 128)));
    assertNull(PlacementEngine.unmetRequirement(ci, gpus(0, 128)));
  }

  @Test
  void gpuIsCheckedAfterMemoryAndBeforePorts() {
    ContainerInstance ci = instance("a", 64, List.of("GPU-1"), Set.of("GPU-1"));
    assertEquals(PlacementEngine.RESOURCE_MEMORY, PlacementEngine.unmetRequirement(ci, gpus(1, 128, 22)));
    ContainerInstance roomy = instance("b", 4096, List.of("GPU-1"), Set.of("GPU-1"));
    assertEquals(PlacementEngine.RESOURCE_GPU, PlacementEngine.unmetRequirement(roomy, gpus(1, 128, 22)));
  }

  @Test
  void placementSkipsInstancesShortOfGpusAndReportsThem() {
    ContainerInstance full = instance("a", 4096, List.of("GPU-1"), Set.of("GPU-1"));
    ContainerInstance free = instance("b", 4096, List.of("GPU-2", "GPU-3"), Set.of());
    var decision = new PlacementEngine().place(gpus(2, 128), List.of(full, free), List.of(), new Random(1));
    assertEquals("b", decision.chosen().id());

    var none = new PlacementEngine().place(gpus(3, 128), List.of(full, free), List.of(), new Random(1));
    assertNull(none.chosen());
    assertEquals(2, none.rejections().size());
    assertTrue(none.rejections().stream().allMatch(r -> r.reason().equals(PlacementEngine.RESOURCE_GPU)));
    assertTrue(none.closestMatch().endsWith("has insufficient GPU available."));
  }

  @Test
  void freeGpusAreTheRegisteredOnesNotInUseLowestFirst() {
    ContainerInstance ci = instance("a", 4096, List.of("GPU-c", "GPU-a", "GPU-b"), Set.of("GPU-b"));
    assertEquals(List.of("GPU-a", "GPU-c"), List.copyOf(ci.freeGpus()));
    Resource remaining = ci.remainingResources().stream().filter(r -> r.name().equals("GPU")).findFirst().orElseThrow();
    assertEquals(List.of("GPU-a", "GPU-c"), remaining.stringSetValue());
  }
}
