package dev.berth.scheduler;

import dev.berth.model.ContainerInstance;
import dev.berth.model.PlacementConstraint;

/** The {@code distinctInstance} constraint: no two live tasks of the same group on one instance. */
public enum DistinctInstance implements Constraint {
  INSTANCE;

  @Override
  public boolean allows(ContainerInstance instance, String group) {
    return group == null || instance.taskGroups().noneMatch(group::equals);
  }

  @Override
  public String unsatisfied() {
    return "DistinctInstance placement constraint unsatisfied.";
  }

  @Override
  public PlacementConstraint toModel() {
    return new PlacementConstraint("distinctInstance", null);
  }

  @Override
  public String toString() {
    return "distinctInstance";
  }
}
