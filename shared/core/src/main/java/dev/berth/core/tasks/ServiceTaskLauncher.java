package dev.berth.core.tasks;

import dev.berth.model.ContainerInstance;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.Strategy;
import dev.berth.model.Resources;
import dev.berth.model.Tag;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import dev.berth.scheduler.TaskRequirements;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The service scheduler's launches (the reconciler carries out its plan through here), through the
 * same placement and ledger path as RunTask ({@link TaskPlacements}). Unlike RunTask there is no
 * limit of ten, no request to check, and a cluster without instances is an unplaced result rather
 * than an error.
 */
@Singleton
public final class ServiceTaskLauncher {
  private final TaskPlacements placements;

  @Inject
  public ServiceTaskLauncher(TaskPlacements placements) {
    this.placements = placements;
  }

  /**
   * Launches a service's tasks: {@code taskIds} chosen and recorded by the caller, the service's
   * group and deployment id, its constraints and strategies. With {@code containerInstanceIds} (a
   * DAEMON service) one task goes on each named instance, as StartTask does. {@code clusterView} is
   * the caller's reading of the cluster's instances.
   */
  public LaunchResult launch(String cluster, TaskDefinition definition, List<String> taskIds, String group,
      String deploymentId, List<Constraint> serviceConstraints, List<Strategy> strategies,
      List<String> containerInstanceIds, Collection<ContainerInstance> clusterView, List<Tag> tags) {
    if (clusterView.stream().allMatch(ci -> ContainerInstance.INACTIVE.equals(ci.status()))) {
      return new LaunchResult(List.of(), List.of(), new LaunchResult.Unplaced(null, null, null));
    }
    LaunchRequest request = new LaunchRequest(cluster, definition.family() + ":" + definition.revision(),
        taskIds.size(), group, deploymentId, TaskOverride.NONE, serviceConstraints, strategies, null, tags,
        containerInstanceIds, null, null);
    Resources need = TaskRequirements.of(definition, TaskOverride.NONE);
    if (containerInstanceIds != null) {
      return placements.onNamedInstances(request, definition, need, taskIds, clusterView);
    }
    return placements.byStrategy(request, definition, need, Placement.forTask(definition, serviceConstraints), taskIds,
        clusterView);
  }
}
