package dev.berth.agent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Containers start after what they depend on or link to, else in definition order. */
class StartOrderTest {

  private static ContainerSpec c(String name, List<String> links, String... dependsOn) {
    List<ContainerOptions.Dependency> deps = java.util.Arrays.stream(dependsOn)
        .map(d -> new ContainerOptions.Dependency(d, "START")).toList();
    ContainerOptions o = new ContainerOptions(null, null, List.of(), false, false, Map.of(), links, deps, null,
        List.of(), List.of(), null);
    return new ContainerSpec(name, "i", List.of(), List.of(), Map.of(), 0, 64, null, true, List.of(),
        Duration.ofSeconds(1), o);
  }

  private static List<String> order(ContainerSpec... containers) {
    return StartOrder.of(new TaskSpec("arn:t/x", "f", 1, List.of(containers))).stream().map(ContainerSpec::name)
        .toList();
  }

  @Test
  void dependenciesAndLinksComeFirst() {
    assertEquals(List.of("db", "web", "proxy"), order(c("web", List.of("db:database")), c("proxy", List.of(), "web"),
        c("db", List.of())));
    assertEquals(List.of("a", "b", "c"), order(c("a", List.of()), c("b", List.of()), c("c", List.of())));
  }

  @Test
  void aCycleFallsBackToDefinitionOrder() {
    assertEquals(List.of("x", "a", "b"), order(c("a", List.of(), "b"), c("b", List.of(), "a"), c("x", List.of())));
  }
}
