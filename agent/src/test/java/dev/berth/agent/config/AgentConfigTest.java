package dev.berth.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void defaultsAreTheEcsAgentsOnLinux() {
    AgentConfig c = AgentConfig.from(Map.of());
    assertEquals("default", c.cluster());
    assertEquals(URI.create("http://localhost:8080"), c.endpoint());
    assertEquals(Path.of("/var/lib/ecs/data"), c.dataDir());
    assertEquals(0, c.reservedMemoryMiB());
    assertEquals(List.of(22, 2375, 2376, 51678, 51679), c.reservedPorts());
    assertEquals(List.of(), c.reservedUdpPorts());
    assertEquals(Map.of(), c.instanceAttributes());
    assertEquals(Duration.ofSeconds(30), c.containerStopTimeout());
    assertEquals(Optional.empty(), c.cpuUnits());
    assertEquals(Optional.empty(), c.hostMemoryMiB());
    assertEquals(Optional.empty(), c.runtime());
    assertEquals(Path.of("/var/run/docker.sock"), c.dockerSocket());
    assertEquals(Duration.ofSeconds(5), c.pollInterval());
    assertEquals("us-east-1", c.region());
  }

  @Test
  void aWakeChannelMakesThePollASlowerSafetyNet() {
    assertEquals(Optional.empty(), AgentConfig.from(Map.of()).wakeUrl());
    AgentConfig woken = AgentConfig.from(Map.of("BERTH_AGENT_WAKE_URL", "wss://abc.example/agent"));
    assertEquals(Optional.of(URI.create("wss://abc.example/agent")), woken.wakeUrl());
    assertEquals(Duration.ofSeconds(20), woken.pollInterval());
    assertEquals(Duration.ofSeconds(3), AgentConfig.from(Map.of("BERTH_AGENT_WAKE_URL", "ws://127.0.0.1:8081/agent",
        "BERTH_AGENT_POLL_INTERVAL", "3s")).pollInterval(), "an interval set is kept");
    assertThrows(IllegalArgumentException.class,
        () -> AgentConfig.from(Map.of("BERTH_AGENT_WAKE_URL", "http://127.0.0.1:8081/agent")));
  }

  @Test
  void settingAPortListReplacesItsDefault() {
    AgentConfig c = AgentConfig.from(Map.of("ECS_RESERVED_PORTS", "[80, 443]", "ECS_RESERVED_PORTS_UDP", "53,123"));
    assertEquals(List.of(80, 443), c.reservedPorts());
    assertEquals(List.of(53, 123), c.reservedUdpPorts());
    assertEquals(List.of(), AgentConfig.from(Map.of("ECS_RESERVED_PORTS", "[]")).reservedPorts(),
        "an empty list reserves nothing");
  }

  @Test
  void everyVariableIsRead() {
    AgentConfig c = AgentConfig.from(Map.ofEntries(
        Map.entry("BERTH_ENDPOINT", "http://berth:9000"),
        Map.entry("ECS_CLUSTER", "prod"),
        Map.entry("ECS_DATADIR", "/tmp/agent"),
        Map.entry("ECS_RESERVED_MEMORY", "512"),
        Map.entry("ECS_INSTANCE_ATTRIBUTES", "{\"stack\":\"blue\",\"tier\":\"web\"}"),
        Map.entry("ECS_CONTAINER_STOP_TIMEOUT", "1m30s"),
        Map.entry("BERTH_AGENT_CPU", "3072"),
        Map.entry("BERTH_AGENT_MEMORY", "6144"),
        Map.entry("BERTH_AGENT_RUNTIME", "process"),
        Map.entry("DOCKER_HOST", "unix:///run/user/1000/docker.sock"),
        Map.entry("BERTH_AGENT_POLL_INTERVAL", "500ms"),
        Map.entry("AWS_REGION", "eu-west-1")));
    assertEquals(URI.create("http://berth:9000"), c.endpoint());
    assertEquals("prod", c.cluster());
    assertEquals(Path.of("/tmp/agent"), c.dataDir());
    assertEquals(512, c.reservedMemoryMiB());
    assertEquals(List.of("stack", "tier"), List.copyOf(c.instanceAttributes().keySet()));
    assertEquals("web", c.instanceAttributes().get("tier"));
    assertEquals(Duration.ofSeconds(90), c.containerStopTimeout());
    assertEquals(Optional.of(3072), c.cpuUnits());
    assertEquals(Optional.of(6144L), c.hostMemoryMiB());
    assertEquals(Optional.of("process"), c.runtime());
    assertEquals(Path.of("/run/user/1000/docker.sock"), c.dockerSocket());
    assertEquals(Duration.ofMillis(500), c.pollInterval());
    assertEquals("eu-west-1", c.region());
  }

  @Test
  void aBlankVariableCountsAsUnset() {
    AgentConfig c = AgentConfig.from(Map.of("ECS_CLUSTER", " ", "ECS_RESERVED_PORTS", ""));
    assertEquals("default", c.cluster());
    assertEquals(AgentConfig.DEFAULT_RESERVED_PORTS, c.reservedPorts());
  }

  @Test
  void badValuesAreRefusedWithTheVariablesName() {
    assertMessage("ECS_RESERVED_MEMORY", Map.of("ECS_RESERVED_MEMORY", "-1"));
    assertMessage("ECS_RESERVED_PORTS", Map.of("ECS_RESERVED_PORTS", "[22, 70000]"));
    assertMessage("ECS_INSTANCE_ATTRIBUTES", Map.of("ECS_INSTANCE_ATTRIBUTES", "[\"a\"]"));
    assertMessage("ECS_INSTANCE_ATTRIBUTES", Map.of("ECS_INSTANCE_ATTRIBUTES", "{\"n\": 1}"));
    assertMessage("ECS_CONTAINER_STOP_TIMEOUT", Map.of("ECS_CONTAINER_STOP_TIMEOUT", "soon"));
    assertMessage("BERTH_AGENT_RUNTIME", Map.of("BERTH_AGENT_RUNTIME", "podman"));
    assertMessage("BERTH_AGENT_CPU", Map.of("BERTH_AGENT_CPU", "0"));
    assertMessage("DOCKER_HOST", Map.of("DOCKER_HOST", "tcp://docker:2375"));
  }

  @Test
  void durationsReadLikeTheEcsAgents() {
    assertEquals(Duration.ofSeconds(30), Durations.parse("x", "30s"));
    assertEquals(Duration.ofSeconds(30), Durations.parse("x", "30"));
    assertEquals(Duration.ofMillis(250), Durations.parse("x", "250ms"));
    assertEquals(Duration.ofMinutes(2).plusSeconds(5), Durations.parse("x", "2m5s"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("x", "1.5s"));
    assertEquals(Duration.ofHours(1), Durations.parse("x", "1h"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("x", "5 s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("x", "s"));
  }

  private static void assertMessage(String name, Map<String, String> env) {
    var e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.from(env));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }
}
