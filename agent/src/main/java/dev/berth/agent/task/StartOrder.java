package dev.berth.agent.task;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The order a task's containers start in: a container after those it depends on (dependsOn) and
 * those it links to, otherwise in definition order. A cycle, which registration should have
 * refused, falls back to definition order for the containers in it.
 */
final class StartOrder {

  static List<ContainerSpec> of(TaskSpec task) {
    Set<String> placed = new LinkedHashSet<>();
    List<ContainerSpec> order = new ArrayList<>();
    boolean progress = true;
    while (order.size() < task.containers().size() && progress) {
      progress = false;
      for (ContainerSpec c : task.containers()) {
        if (!placed.contains(c.name()) && placed.containsAll(before(task, c))) {
          placed.add(c.name());
          order.add(c);
          progress = true;
        }
      }
    }
    for (ContainerSpec c : task.containers()) {
      if (placed.add(c.name())) {
        order.add(c);
      }
    }
    return order;
  }

  private static Set<String> before(TaskSpec task, ContainerSpec c) {
    Set<String> names = new LinkedHashSet<>();
    c.options().dependsOn().forEach(d -> names.add(d.containerName()));
    c.options().links().forEach(l -> names.add(l.split(":", 2)[0]));
    names.removeIf(n -> task.container(n) == null || n.equals(c.name()));
    return names;
  }

  private StartOrder() {}
}
