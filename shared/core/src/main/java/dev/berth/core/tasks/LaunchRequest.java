package dev.berth.core.tasks;

import dev.berth.model.Tag;
import dev.berth.model.TaskOverride;
import dev.berth.model.service.TaskTagging;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.Strategy;
import java.util.List;

/**
 * A RunTask or StartTask request, decoded (its placement parsed). {@code containerInstances} is set for StartTask only;
 * {@code fingerprint} is the request's canonical JSON, which a client token is bound to; {@code tagging}
 * says which tags the tasks get besides {@code tags} (see {@link TaskTags}).
 */
public record LaunchRequest(
    String cluster,
    String taskDefinition,
    int count,
    String group,
    String startedBy,
    TaskOverride overrides,
    List<Constraint> placementConstraints,
    List<Strategy> placementStrategy,
    String clientToken,
    List<Tag> tags,
    List<String> containerInstances,
    String fingerprint,
    TaskTagging tagging) {

  public LaunchRequest {
    placementConstraints = placementConstraints == null ? List.of() : List.copyOf(placementConstraints);
    placementStrategy = placementStrategy == null ? List.of() : List.copyOf(placementStrategy);
    tags = tags == null ? List.of() : List.copyOf(tags);
    overrides = overrides == null ? TaskOverride.NONE : overrides;
    tagging = tagging == null ? TaskTagging.DEFAULT : tagging;
  }

  /** The request with the tags its tasks are created with. */
  public LaunchRequest withTags(List<Tag> taskTags) {
    return new LaunchRequest(cluster, taskDefinition, count, group, startedBy, overrides, placementConstraints,
        placementStrategy, clientToken, taskTags, containerInstances, fingerprint, tagging);
  }
}
