package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.service.ServiceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceEventsTest {
  private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");
  private static final String GUIDE = " For more information, see the Troubleshooting section of the Amazon ECS "
      + "Developer Guide.";

  @Test
  void messagesAreWordedAsEcsWordsThem() {
    assertEquals("(service web) has reached a steady state.", ServiceEvents.steadyState("web"));
    assertEquals("(service web) (deployment ecs-svc/1234567890123456789) deployment completed.",
        ServiceEvents.deploymentCompleted("web", "ecs-svc/1234567890123456789"));
    assertEquals("(service web) is unable to consistently start tasks successfully.",
        ServiceEvents.unableToConsistentlyStart("web"));
    assertEquals("(service web) has started 2 tasks: (task a1) (task b2).",
        ServiceEvents.startedTasks("web", List.of("a1", "b2")));
    assertEquals("(service web) has stopped 1 running tasks: (task a1).",
        ServiceEvents.stoppedRunningTasks("web", List.of("a1")));
    assertEquals("(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.",
        ServiceEvents.deploymentFailed("web", "ecs-svc/1"));
    assertEquals("(service web) rolling back to deployment ecs-svc/2.", ServiceEvents.rollingBack("web", "ecs-svc/2"));
    assertTrue(ServiceEvents.unableToStopOrStart("web").endsWith(
        "Update the minimumHealthyPercent or maximumPercent value and try again."));
  }

  @Test
  void placementFailuresNameTheClosestInstanceAndWhatItLacked() {
    String start = "(service web) was unable to place a task because no container instance met all of its "
        + "requirements.";
    assertEquals(start + " The closest matching (container-instance ci-1) has insufficient memory available." + GUIDE,
        ServiceEvents.unableToPlace("web", "ci-1", "RESOURCE:MEMORY"));
    assertEquals(start + " The closest matching (container-instance ci-1) has insufficient CPU units available."
        + GUIDE, ServiceEvents.unableToPlace("web", "ci-1", "RESOURCE:CPU"));
    assertEquals(start + " The closest matching (container-instance ci-1) is already using a port required by your "
        + "task." + GUIDE, ServiceEvents.unableToPlace("web", "ci-1", "RESOURCE:PORTS"));
    assertEquals(start + " The closest matching (container-instance ci-1) encountered error \"AGENT\"." + GUIDE,
        ServiceEvents.unableToPlace("web", "ci-1", "AGENT"));
    assertEquals(start + " Reason: No Container Instances were found in your cluster." + GUIDE,
        ServiceEvents.unableToPlace("web", null, null));
  }

  @Test
  void anEventRepeatingTheNewestOneIsSuppressedForSixHours() {
    String m = ServiceEvents.steadyState("web");
    List<ServiceEvent> log = List.of(new ServiceEvent("1", T, m));
    assertTrue(ServiceEvents.suppressed(m, log, T.plus(Duration.ofHours(5))));
    assertFalse(ServiceEvents.suppressed(m, log, T.plus(Duration.ofHours(6))));
    assertFalse(ServiceEvents.suppressed(ServiceEvents.unableToConsistentlyStart("web"), log, T));
    assertFalse(ServiceEvents.suppressed(m, List.of(), T));
  }

  @Test
  void anEventIsRepeatedOnceSomethingElseHappenedInBetween() {
    String m = ServiceEvents.steadyState("web");
    List<ServiceEvent> log = List.of(new ServiceEvent("2", T, ServiceEvents.startedTasks("web", List.of("t1"))),
        new ServiceEvent("1", T, m));
    assertFalse(ServiceEvents.suppressed(m, log, T));
  }

  @Test
  void eventIdsAreWrittenAsUuids() {
    assertEquals("0123abcd-0000-1111-2222-333344445555", ServiceEvents.eventId("0123abcd000011112222333344445555"));
    assertEquals("already-an-id", ServiceEvents.eventId("already-an-id"));
  }
}
