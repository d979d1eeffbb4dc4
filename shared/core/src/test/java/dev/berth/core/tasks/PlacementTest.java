package dev.berth.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.model.EcsException;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.TaskDefinition;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.MemberOf;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A refused strategy or constraint answers as ECS does; a task's definition and request share the limit of ten. */
class PlacementTest {
  private static final PlacementConstraint ZONE_A = new PlacementConstraint("memberOf",
      "attribute:ecs.availability-zone == us-east-1a");

  private static TaskDefinition definitionWith(int constraints) {
    return new TaskDefinition("web", 1, TaskDefinition.ACTIVE, "bridge", null, null, List.of(),
        Collections.nCopies(constraints, ZONE_A), Instant.EPOCH, null, "{}", List.of());
  }

  private static EcsException invalid(Runnable call) {
    EcsException e = assertThrows(EcsException.class, call::run);
    assertEquals("InvalidParameterException", e.code());
    assertEquals(400, e.status());
    return e;
  }

  @Test
  void aStrategyEcsDoesNotHaveIsAnInvalidParameter() {
    assertEquals("Invalid placement strategy type: pile",
        invalid(() -> Placement.strategies(List.of(new PlacementStrategy("pile", null)))).getMessage());
    assertEquals("A memberOf constraint needs an expression.",
        invalid(() -> Placement.constraints(List.of(new PlacementConstraint("memberOf", "")))).getMessage());
    assertEquals(List.of(), Placement.strategies(null));
  }

  @Test
  void theDefinitionsConstraintsComeFirstAndCountTowardsTen() {
    List<Constraint> requested = List.of(Constraint.DISTINCT_INSTANCE);
    List<Constraint> all = Placement.forTask(definitionWith(2), requested);
    assertEquals(List.of(new MemberOf(ZONE_A.expression()), new MemberOf(ZONE_A.expression()),
        Constraint.DISTINCT_INSTANCE), all);
    assertEquals(10, Placement.forTask(definitionWith(9), requested).size());
    assertEquals("A task can have at most 10 placement constraints, including those of its task definition.",
        invalid(() -> Placement.forTask(definitionWith(10), requested)).getMessage());
  }
}
