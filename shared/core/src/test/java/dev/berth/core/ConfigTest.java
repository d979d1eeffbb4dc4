package dev.berth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void theEnvironmentOfAConfigurationGivesItBack() {
    Config prefixed = Config.withPrefix("t", Optional.of(URI.create("http://localhost:4566")))
        .withQueueUrls("http://q/task-state", "http://q/reconcile");
    assertEquals(prefixed, Config.from(prefixed.environment()));

    Config full = Config.from(Map.ofEntries(Map.entry("AWS_REGION", "eu-west-1"), Map.entry("BERTH_ACCOUNT_ID", "123456789012"),
        Map.entry("BERTH_CLUSTERS_TABLE", "c"), Map.entry("BERTH_TASKS_TABLE", "t"),
        Map.entry("BERTH_AGENT_CHANNEL_ENDPOINT", "https://ws.example/prod"), Map.entry("BERTH_MISSED_HEARTBEATS", "5"),
        Map.entry("BERTH_HEARTBEAT_INTERVAL_SECONDS", "20"), Map.entry("BERTH_INSTANCE_LOST_AFTER_SECONDS", "300"),
        Map.entry("BERTH_EVENT_BUS", "ops"), Map.entry("BERTH_METRICS_FILE", "/tmp/m"),
        Map.entry("BERTH_TRIGGER_SETTLE_SECONDS", "2")));
    assertEquals(full, Config.from(full.environment()));
    assertEquals(Duration.ofSeconds(20), full.health().heartbeatInterval());
  }
}
