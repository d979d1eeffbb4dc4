package dev.berth.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.service.SchedulingStrategy;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.MemberOf;
import dev.berth.scheduler.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A creation's fingerprint is stored with the service: its text must not change with the request's types. */
class ServiceRequestsTest {

  @Test
  void theFingerprintWritesPlacementInEcsStoredForm() {
    var create = new ServiceRequests.Create("prod", "web", "web:1", 2, SchedulingStrategy.REPLICA, null,
        List.of(Constraint.DISTINCT_INSTANCE, new MemberOf("attribute:color == blue")),
        List.of(new Strategy.Spread("attribute:ecs.availability-zone"), new Strategy.Binpack(Strategy.Binpack.Field.MEMORY)),
        "token", List.of(), null, null, List.of(), null);
    String fingerprint = create.fingerprint();
    assertTrue(fingerprint.startsWith("Create[cluster=prod, serviceName=web, taskDefinition=web:1, desiredCount=2, "
        + "schedulingStrategy=REPLICA, "), fingerprint);
    assertTrue(fingerprint.contains(", placementConstraints=[PlacementConstraint[type=distinctInstance, "
        + "expression=null], PlacementConstraint[type=memberOf, expression=attribute:color == blue]], "
        + "placementStrategy=[PlacementStrategy[type=spread, field=attribute:ecs.availability-zone], "
        + "PlacementStrategy[type=binpack, field=memory]], clientToken=null, tags=[], "), fingerprint);
  }

  @Test
  void theClientTokenIsNotPartOfIt() {
    var a = new ServiceRequests.Create("prod", "web", "web:1", 2, null, null, List.of(), List.of(Strategy.RANDOM),
        "one", List.of(), null, null, List.of(), null);
    var b = new ServiceRequests.Create("prod", "web", "web:1", 2, null, null, List.of(), List.of(Strategy.RANDOM),
        "two", List.of(), null, null, List.of(), null);
    assertEquals(a.fingerprint(), b.fingerprint());
  }
}
