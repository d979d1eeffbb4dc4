package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.agent.config.AgentConfig;
import dev.berth.agent.config.Host;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentLauncherTest {
  private static final Host HOST = new Host(4, 8000);

  @Test
  void eachAgentGetsItsOwnDirectoryAndAnEvenShareOfTheHost() {
    List<AgentConfig> configs = AgentLauncher.configs(AgentConfig.from(Map.of("ECS_DATADIR", "/data")), 2, HOST);
    assertEquals(List.of(Path.of("/data/agent-1"), Path.of("/data/agent-2")),
        configs.stream().map(AgentConfig::dataDir).toList());
    for (AgentConfig c : configs) {
      assertEquals(Optional.of(2048), c.cpuUnits());
      assertEquals(Optional.of(4000L), c.hostMemoryMiB());
    }
  }

  @Test
  void theOverridesSayWhatEachAgentRegisters() {
    List<AgentConfig> configs = AgentLauncher.configs(
        AgentConfig.from(Map.of("BERTH_AGENT_CPU", "1024", "BERTH_AGENT_MEMORY", "512")), 3, HOST);
    assertEquals(3, configs.size());
    configs.forEach(c -> assertEquals(Optional.of(1024), c.cpuUnits()));
    configs.forEach(c -> assertEquals(Optional.of(512L), c.hostMemoryMiB()));
    assertThrows(IllegalArgumentException.class, () -> AgentLauncher.configs(AgentConfig.from(Map.of()), 0, HOST));
  }
}
