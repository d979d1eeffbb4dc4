package dev.berth.scheduler;

import dev.berth.model.ContainerInstance;

/**
 * A binding placement constraint, compiled once per request: it either allows an instance for a
 * task of the given group or removes it from the candidates.
 */
public interface Constraint {
  boolean allows(ContainerInstance instance, String group);

  /** ECS's failure reason when this constraint removed every remaining candidate. */
  String unsatisfied();

  /** No two live tasks of the same group on one instance. */
  Constraint DISTINCT_INSTANCE = new Constraint() {
    @Override
    public boolean allows(ContainerInstance instance, String group) {
      return group == null || instance.taskGroups().noneMatch(group::equals);
    }

    @Override
    public String unsatisfied() {
      return "DistinctInstance placement constraint unsatisfied.";
    }

    @Override
    public String toString() {
      return "distinctInstance";
    }
  };
}
