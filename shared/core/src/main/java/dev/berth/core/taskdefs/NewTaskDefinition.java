package dev.berth.core.taskdefs;

import dev.berth.model.ContainerDefinition;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.Tag;
import java.util.List;

/**
 * A RegisterTaskDefinition request, validated: what the next revision of {@code family} holds.
 * {@code document} is the definition as DescribeTaskDefinition returns it (JSON text, at most 64 KiB).
 */
public record NewTaskDefinition(
    String family,
    String networkMode,
    String cpu,
    String memory,
    List<ContainerDefinition> containers,
    List<PlacementConstraint> placementConstraints,
    List<Tag> tags,
    String document,
    List<String> requiresAttributes) {}
