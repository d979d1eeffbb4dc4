package dev.berth.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.model.EcsException;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.SchedulingStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceValidationTest {
  private static final SchedulingStrategy REPLICA = SchedulingStrategy.REPLICA;
  private static final SchedulingStrategy DAEMON = SchedulingStrategy.DAEMON;

  private static String refused(Runnable check) {
    EcsException e = assertThrows(EcsException.class, check::run);
    assertEquals("InvalidParameterException", e.code());
    return e.getMessage();
  }

  @Test
  void absentMembersTakeTheStrategysDefaultsOnCreate() {
    var none = ServiceRequests.DeploymentPatch.NONE;
    assertEquals(new DeploymentConfiguration(200, 100, DeploymentCircuitBreaker.DISABLED),
        none.applyTo(DeploymentConfiguration.defaultFor(REPLICA)));
    assertEquals(new DeploymentConfiguration(100, 0, DeploymentCircuitBreaker.DISABLED),
        none.applyTo(DeploymentConfiguration.defaultFor(DAEMON)));
  }

  @Test
  void anUpdateChangesOnlyWhatItNames() {
    var base = new DeploymentConfiguration(150, 50, new DeploymentCircuitBreaker(true, true));
    assertEquals(new DeploymentConfiguration(150, 75, new DeploymentCircuitBreaker(true, true)),
        new ServiceRequests.DeploymentPatch(null, 75, null).applyTo(base));
  }

  @Test
  void percentsOutsideEcssRangesAreRefused() {
    refused(() -> ServiceValidation.deploymentConfiguration(new DeploymentConfiguration(200, 101, null), REPLICA));
    refused(() -> ServiceValidation.deploymentConfiguration(new DeploymentConfiguration(99, 50, null), REPLICA));
    refused(() -> ServiceValidation.deploymentConfiguration(new DeploymentConfiguration(200, 0, null), DAEMON));
    refused(() -> new ServiceRequests.DeploymentPatch(-1, null, null)
        .applyTo(DeploymentConfiguration.defaultFor(REPLICA)));
    var deadlockProne = new DeploymentConfiguration(100, 100, null); // legal: ECS reports the deadlock as an event
    assertEquals(deadlockProne, ServiceValidation.deploymentConfiguration(deadlockProne, REPLICA));
    var daemon = new DeploymentConfiguration(100, 0, null);
    assertEquals(daemon, ServiceValidation.deploymentConfiguration(daemon, DAEMON));
  }

  @Test
  void daemonsTakeNoStrategiesAndNoDistinctInstance() {
    assertEquals(true, refused(() -> ServiceValidation.placement(DAEMON, List.of(),
        List.of(new PlacementStrategy("spread", "instanceId")))).contains("DAEMON"));
    refused(() -> ServiceValidation.placement(DAEMON, List.of(new PlacementConstraint("distinctInstance", null)),
        List.of()));
    ServiceValidation.placement(DAEMON, List.of(new PlacementConstraint("memberOf", "attribute:role == logs")),
        List.of());
    ServiceValidation.placement(REPLICA, List.of(new PlacementConstraint("distinctInstance", null)),
        List.of(new PlacementStrategy("binpack", "memory")));
  }

  @Test
  void theFingerprintIgnoresTheClientTokenOnly() {
    var a = new ServiceRequests.Create("c", "web", "app:1", 2, REPLICA, null, null, null, "token-1", null, null, null, null, null);
    var b = new ServiceRequests.Create("c", "web", "app:1", 2, REPLICA, null, null, null, "token-2", null, null, null, null, null);
    var c = new ServiceRequests.Create("c", "web", "app:1", 3, REPLICA, null, null, null, "token-1", null, null, null, null, null);
    assertEquals(a.fingerprint(), b.fingerprint());
    assertEquals(false, a.fingerprint().equals(c.fingerprint()));
  }
}
