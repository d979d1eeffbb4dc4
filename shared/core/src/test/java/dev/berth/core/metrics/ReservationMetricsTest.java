package dev.berth.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.Config;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EMF records of a cluster whose reservations are known carry ECS's percentages exactly. */
class ReservationMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  void clusterAndServiceRecordsCarryTheExactReservations() throws Exception {
    // ACTIVE: 4096 CPU, 8192 MiB, 2 GPUs; a RUNNING web task (1024, 2048, one GPU) and a PENDING batch task (512, 3072)
    var a = instance("a", ContainerInstance.ACTIVE, 4096, 8192, List.of("g0", "g1"), Map.of(
        "t1", new Reservation(new Resources(1024, 2048, Set.of(), Set.of(), 1, Set.of("g0")), NOW, "service:web", true),
        "t2", new Reservation(new Resources(512, 3072, Set.of(), Set.of(), 0, Set.of()), NOW, "family:batch", false)));
    // DRAINING counts too: 4096 CPU, 8192 MiB, no GPU; a RUNNING web task (1024, 2048)
    var b = instance("b", ContainerInstance.DRAINING, 4096, 8192, List.of(), Map.of(
        "t3", new Reservation(new Resources(1024, 2048, Set.of(), Set.of(), 0, Set.of()), NOW, "service:web", true)));
    // INACTIVE does not count, whatever it still holds
    var c = instance("c", ContainerInstance.INACTIVE, 8192, 8192, List.of("g2"), Map.of(
        "t4", new Reservation(new Resources(4096, 4096, Set.of(), Set.of(), 1, Set.of("g2")), NOW, "service:web", true)));

    Path file = dir.resolve("metrics.log");
    var metrics = new Metrics(Config.withPrefix("t", Optional.empty()).withMetricsFile(file.toString()),
        Clock.fixed(NOW, ZoneOffset.UTC));
    for (var record : ReservationMetrics.of("prod", List.of(a, b, c))) {
      metrics.emit(record.dimensions(), record.metrics());
    }
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      records.add(JSON.readTree(line));
    }
    assertEquals(2, records.size());

    JsonNode cluster = records.get(0);
    assertEquals("prod", cluster.get("ClusterName").asText());
    assertEquals(31.25, cluster.get("CPUReservation").doubleValue()); // 2560 / 8192
    assertEquals(43.75, cluster.get("MemoryReservation").doubleValue()); // 7168 / 16384
    assertEquals(50.0, cluster.get("GPUReservation").doubleValue()); // 1 / 2
    assertEquals(1, cluster.get("PendingTaskCount").intValue());
    assertEquals(2, cluster.get("RunningTaskCount").intValue());
    JsonNode directive = cluster.at("/_aws/CloudWatchMetrics/0");
    assertEquals(NOW.toEpochMilli(), cluster.at("/_aws/Timestamp").longValue());
    assertEquals("Berth", directive.get("Namespace").asText());
    assertEquals("[[\"ClusterName\"]]", directive.get("Dimensions").toString());
    Map<String, String> units = new HashMap<>();
    directive.get("Metrics").forEach(m -> units.put(m.get("Name").asText(), m.get("Unit").asText()));
    assertEquals(Map.of("CPUReservation", "Percent", "MemoryReservation", "Percent", "GPUReservation", "Percent",
        "PendingTaskCount", "Count", "RunningTaskCount", "Count"), units);

    JsonNode web = records.get(1);
    assertEquals("[[\"ClusterName\",\"ServiceName\"]]", web.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
    assertEquals("web", web.get("ServiceName").asText());
    assertEquals(25.0, web.get("CPUReservation").doubleValue()); // 2048 / 8192
    assertEquals(25.0, web.get("MemoryReservation").doubleValue()); // 4096 / 16384
    assertEquals(50.0, web.get("GPUReservation").doubleValue());
  }

  @Test
  void aClusterWithoutGpusPublishesNoGpuReservation() {
    var a = instance("a", ContainerInstance.ACTIVE, 1024, 1000, List.of(), Map.of(
        "t1", new Reservation(new Resources(256, 300, Set.of(), Set.of(), 0, Set.of()), NOW, "family:x", false)));
    var records = ReservationMetrics.of("small", List.of(a));
    assertEquals(1, records.size());
    var values = new HashMap<String, Double>();
    records.get(0).metrics().forEach(m -> values.put(m.name(), m.value()));
    assertEquals(25.0, values.get("CPUReservation"));
    assertEquals(30.0, values.get("MemoryReservation"));
    assertFalse(values.containsKey("GPUReservation"));
  }

  private static ContainerInstance instance(String id, String status, int cpu, int memory, List<String> gpus,
      Map<String, Reservation> reservations) {
    List<Resource> registered = new ArrayList<>(List.of(Resource.integer("CPU", cpu), Resource.integer("MEMORY", memory)));
    if (!gpus.isEmpty()) {
      registered.add(Resource.stringSet("GPU", gpus));
    }
    int usedCpu = reservations.values().stream().mapToInt(r -> r.resources().cpu()).sum();
    int usedMemory = reservations.values().stream().mapToInt(r -> r.resources().memory()).sum();
    Set<String> gpusInUse = new java.util.TreeSet<>();
    reservations.values().forEach(r -> gpusInUse.addAll(r.resources().gpuIds()));
    return new ContainerInstance("prod", id, "i-" + id, status, null, true, registered, cpu - usedCpu,
        memory - usedMemory, Set.of(), Set.of(), gpusInUse, reservations, List.of(), null, NOW, 1, List.of());
  }
}
