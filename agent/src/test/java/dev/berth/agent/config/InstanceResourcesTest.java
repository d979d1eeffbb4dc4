package dev.berth.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceResourcesTest {
  private static final Host HOST = new Host(4, 7982);

  @Test
  void cpuIsLogicalCpusTimes1024AndMemoryIsMemTotal() {
    InstanceResources r = InstanceResources.of(AgentConfig.from(Map.of()), HOST);
    assertEquals(4096, r.cpu());
    assertEquals(7982, r.memory());
    assertEquals(List.of(22, 2375, 2376, 51678, 51679), r.ports());
    assertEquals(List.of(), r.udpPorts());
  }

  @Test
  void reservedMemoryIsSubtracted() {
    assertEquals(7982 - 500, InstanceResources.of(AgentConfig.from(Map.of("ECS_RESERVED_MEMORY", "500")), HOST).memory());
  }

  @Test
  void reservingMoreMemoryThanTheHostHasAbortsRegistration() {
    var e = assertThrows(IllegalStateException.class,
        () -> InstanceResources.of(AgentConfig.from(Map.of("ECS_RESERVED_MEMORY", "8000")), HOST));
    assertTrue(e.getMessage().contains("ECS_RESERVED_MEMORY"), e.getMessage());
  }

  @Test
  void theOverridesReplaceWhatTheHostSays() {
    AgentConfig c = AgentConfig.from(Map.of("BERTH_AGENT_CPU", "1536", "BERTH_AGENT_MEMORY", "2048",
        "ECS_RESERVED_MEMORY", "48", "ECS_RESERVED_PORTS", "[22]", "ECS_RESERVED_PORTS_UDP", "[53]"));
    assertEquals(new InstanceResources(1536, 2000, List.of(22), List.of(53)), InstanceResources.of(c, HOST));
  }

  @Test
  void memTotalIsReadInMiB() {
    String meminfo = "MemTotal:       24683656 kB\nMemFree:        22830544 kB\nMemAvailable:   23000000 kB\n";
    assertEquals(24683656 / 1024, Host.memTotalMiB(meminfo));
    assertThrows(IllegalStateException.class, () -> Host.memTotalMiB("MemFree: 1 kB\n"));
  }
}
