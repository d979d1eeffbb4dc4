package dev.berth.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ECS's {type, field} and {type, expression} become typed values once, with ECS's messages, and go back unchanged. */
class PlacementParsingTest {

  private static String refused(PlacementStrategy given) {
    return assertThrows(InvalidPlacementException.class, () -> Strategy.parse(given), given.toString()).getMessage();
  }

  private static String refused(PlacementConstraint given) {
    return assertThrows(InvalidPlacementException.class, () -> Constraint.parse(given), given.toString()).getMessage();
  }

  @Test
  void everyStrategyEcsHasParsesAndGoesBackAsGiven() {
    for (PlacementStrategy given : List.of(new PlacementStrategy("random", null),
        new PlacementStrategy("binpack", "cpu"), new PlacementStrategy("binpack", "memory"),
        new PlacementStrategy("spread", "instanceId"), new PlacementStrategy("spread", "host"),
        new PlacementStrategy("spread", "attribute:ecs.availability-zone"))) {
      assertEquals(given, Strategy.parse(given).toModel(), "stored as before");
    }
    assertSame(Strategy.RANDOM, Strategy.parse(new PlacementStrategy("random", null)));
    assertEquals(new Strategy.Binpack(Strategy.Binpack.Field.MEMORY),
        Strategy.parse(new PlacementStrategy("binpack", "memory")));
  }

  @Test
  void aSpreadKnowsWhatItSpreadsOver() {
    var host = (Strategy.Spread) Strategy.parse(new PlacementStrategy("spread", "host"));
    assertTrue(host.byInstance());
    assertNull(host.attribute());
    var zone = (Strategy.Spread) Strategy.parse(new PlacementStrategy("spread", "attribute:ecs.availability-zone"));
    assertEquals("ecs.availability-zone", zone.attribute());
  }

  @Test
  void strategiesEcsDoesNotHaveAreRefusedWithItsMessages() {
    assertEquals("Invalid placement strategy type: pile", refused(new PlacementStrategy("pile", null)));
    assertEquals("Invalid placement strategy type: null", refused(new PlacementStrategy(null, null)));
    assertEquals("The random placement strategy takes no field.", refused(new PlacementStrategy("random", "cpu")));
    assertEquals("The binpack placement strategy's field must be cpu or memory.",
        refused(new PlacementStrategy("binpack", "disk")));
    assertEquals("The binpack placement strategy's field must be cpu or memory.",
        refused(new PlacementStrategy("binpack", null)));
    for (String field : new String[] {null, "zone", "attribute:"}) {
      assertEquals("The spread placement strategy's field must be instanceId, host or attribute:<name>.",
          refused(new PlacementStrategy("spread", field)));
    }
  }

  @Test
  void atMostFiveStrategies() {
    List<PlacementStrategy> six = Collections.nCopies(6, new PlacementStrategy("spread", "host"));
    assertEquals("At most 5 placement strategies can be given.",
        assertThrows(InvalidPlacementException.class, () -> Strategy.parseAll(six)).getMessage());
    assertEquals(5, Strategy.parseAll(six.subList(0, 5)).size());
    assertEquals(List.of(), Strategy.parseAll(null));
  }

  @Test
  void constraintsParseOnceAndGoBackAsGiven() {
    PlacementConstraint distinct = new PlacementConstraint("distinctInstance", null);
    PlacementConstraint memberOf = new PlacementConstraint("memberOf", "attribute:ecs.instance-type =~ t3.*");
    assertSame(Constraint.DISTINCT_INSTANCE, Constraint.parse(distinct));
    assertInstanceOf(MemberOf.class, Constraint.parse(memberOf));
    assertEquals(List.of(distinct, memberOf), Constraint.toModel(Constraint.parseAll(List.of(distinct, memberOf))));
    assertEquals(Constraint.parse(memberOf), Constraint.parse(memberOf), "the same expression, the same constraint");
  }

  @Test
  void constraintsEcsDoesNotHaveAreRefusedWithItsMessages() {
    assertEquals("Invalid placement constraint type: near", refused(new PlacementConstraint("near", null)));
    assertEquals("A distinctInstance constraint takes no expression.",
        refused(new PlacementConstraint("distinctInstance", "attribute:a == b")));
    assertEquals("A memberOf constraint needs an expression.", refused(new PlacementConstraint("memberOf", " ")));
    assertEquals("A memberOf constraint needs an expression.", refused(new PlacementConstraint("memberOf", null)));
    List<PlacementConstraint> eleven = Collections.nCopies(11, new PlacementConstraint("distinctInstance", null));
    assertEquals("A task can have at most 10 placement constraints, including those of its task definition.",
        assertThrows(InvalidPlacementException.class, () -> Constraint.parseAll(eleven)).getMessage());
  }
}
