package dev.berth.core.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.TargetGroups;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.model.service.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTargetGroupsTest {
  private static final String ARN = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/1";

  @Test
  void targetsStartInitialDrainForTheDelayAndThenGo() {
    var clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    var groups = new InMemoryTargetGroups(clock, StoreHooks.NONE);
    groups.define(new TargetGroups.Info(ARN, "instance", List.of("lb")), 30);
    assertEquals(List.of(ARN), List.copyOf(groups.describe(List.of(ARN, ARN + "-missing")).keySet()));
    assertEquals(30, groups.deregistrationDelaySeconds(ARN));

    var target = new Target(ARN, "i-1", 32768);
    groups.register(ARN, List.of(target));
    assertEquals("initial", groups.health(ARN).get(0).state());
    assertTrue(groups.setHealth(ARN, "i-1", 32768, "healthy", null));
    assertEquals("healthy", groups.health(ARN).get(0).state());

    groups.deregister(ARN, List.of(target, new Target(ARN, "i-2", 80)));
    assertEquals("draining", groups.health(ARN).get(0).state());
    clock.advance(Duration.ofSeconds(30));
    assertTrue(groups.health(ARN).isEmpty());
    assertThrows(TargetGroups.Failure.class, () -> groups.register(ARN + "-missing", List.of(target)));
  }
}
