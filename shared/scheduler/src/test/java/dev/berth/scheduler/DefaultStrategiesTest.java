package dev.berth.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultStrategiesTest {
  private static final List<Strategy> BINPACK = List.of(new Strategy.Binpack(Strategy.Binpack.Field.MEMORY));

  @Test
  void runTaskDefaultsToRandom() {
    assertEquals(List.of(Strategy.RANDOM), DefaultStrategies.forRunTask(List.of()));
    assertEquals(List.of(Strategy.RANDOM), DefaultStrategies.forRunTask(null));
  }

  @Test
  void startTaskDefaultsToRandom() {
    assertEquals(List.of(DefaultStrategies.RANDOM), DefaultStrategies.forStartTask(List.of()));
  }

  @Test
  void replicaServiceDefaultsToSpreadByZoneThenByInstance() {
    assertEquals(List.of(new Strategy.Spread("attribute:ecs.availability-zone"),
        new Strategy.Spread("instanceId")), DefaultStrategies.forReplicaService(List.of()));
    assertEquals(DefaultStrategies.forReplicaService(List.of()), DefaultStrategies.forReplicaService(null));
  }

  @Test
  void daemonServiceHasNoDefault() {
    assertTrue(DefaultStrategies.forDaemonService(List.of()).isEmpty());
    assertTrue(DefaultStrategies.forDaemonService(null).isEmpty());
  }

  @Test
  void givenStrategiesAreReturnedUnchanged() {
    assertSame(BINPACK, DefaultStrategies.forRunTask(BINPACK));
    assertSame(BINPACK, DefaultStrategies.forStartTask(BINPACK));
    assertSame(BINPACK, DefaultStrategies.forReplicaService(BINPACK));
    assertSame(BINPACK, DefaultStrategies.forDaemonService(BINPACK));
  }

  @Test
  void serviceDefaultFollowsItsSchedulingStrategy() {
    assertEquals(DefaultStrategies.forReplicaService(List.of()), DefaultStrategies.forService(null, List.of()));
    assertEquals(DefaultStrategies.forReplicaService(List.of()), DefaultStrategies.forService("REPLICA", List.of()));
    assertEquals(List.of(), DefaultStrategies.forService("DAEMON", List.of()));
    assertSame(BINPACK, DefaultStrategies.forService("REPLICA", BINPACK));
    assertThrows(IllegalArgumentException.class, () -> DefaultStrategies.forService("SOMETIMES", List.of()));
  }

  @Test
  void defaultsCannotBeModified() {
    assertThrows(UnsupportedOperationException.class,
        () -> DefaultStrategies.forReplicaService(List.of()).add(DefaultStrategies.RANDOM));
    assertThrows(UnsupportedOperationException.class,
        () -> DefaultStrategies.forRunTask(List.of()).clear());
  }
}
