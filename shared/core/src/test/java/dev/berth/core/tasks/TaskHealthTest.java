package dev.berth.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.model.Container;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The task health derivation of ECS: essential, checked containers only; UNHEALTHY over UNKNOWN over HEALTHY. */
class TaskHealthTest {

  private static Container c(String name, String health) {
    return new Container(name + "-id", name, "i", null, "RUNNING", null, null, List.of(), 0, 64, null, List.of(),
        health);
  }

  @Test
  void essentialCheckedContainersDecide() {
    Set<String> both = Set.of("a", "b");
    assertEquals("UNHEALTHY", TaskHealth.derive(List.of(c("a", "UNHEALTHY"), c("b", "UNKNOWN")), both));
    assertEquals("UNKNOWN", TaskHealth.derive(List.of(c("a", "HEALTHY"), c("b", "UNKNOWN")), both));
    assertEquals("HEALTHY", TaskHealth.derive(List.of(c("a", "HEALTHY"), c("b", "HEALTHY")), both));
  }

  @Test
  void uncheckedAndNonEssentialContainersAreSkipped() {
    assertEquals("HEALTHY", TaskHealth.derive(List.of(c("a", "HEALTHY"), c("b", null)), Set.of("a", "b")));
    assertEquals("HEALTHY", TaskHealth.derive(List.of(c("a", "HEALTHY"), c("b", "UNHEALTHY")), Set.of("a")));
    assertEquals(null, TaskHealth.derive(List.of(c("a", null)), Set.of("a")), "no essential container checked");
    assertEquals(null, TaskHealth.derive(List.of(c("a", null), c("b", "UNHEALTHY")), Set.of("a")));
  }
}
