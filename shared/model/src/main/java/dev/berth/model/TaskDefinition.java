package dev.berth.model;

import java.time.Instant;
import java.util.List;

/**
 * A registered task definition revision. {@code document} is the whole definition as Berth built
 * it from the request: each member ECS's TaskDefinition shape defines, re-made as its declared type,
 * defaults filled in, at most 64 KiB; nothing else the request held. Fields Berth does not schedule
 * on are returned from it; the typed fields are what placement reads.
 */
public record TaskDefinition(
    String family,
    int revision,
    String status,
    String networkMode,
    String cpu,
    String memory,
    List<ContainerDefinition> containerDefinitions,
    List<PlacementConstraint> placementConstraints,
    Instant registeredAt,
    Instant deregisteredAt,
    String document,
    List<Tag> tags,
    List<String> requiresAttributes) {

  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";
  public static final String DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS";

  public TaskDefinition {
    containerDefinitions = List.copyOf(containerDefinitions);
    placementConstraints = placementConstraints == null ? List.of() : List.copyOf(placementConstraints);
    tags = tags == null ? List.of() : List.copyOf(tags);
    requiresAttributes = requiresAttributes == null ? List.of() : List.copyOf(requiresAttributes);
  }

  /** A definition that requires no instance attributes. */
  public TaskDefinition(String family, int revision, String status, String networkMode, String cpu, String memory,
      List<ContainerDefinition> containerDefinitions, List<PlacementConstraint> placementConstraints,
      Instant registeredAt, Instant deregisteredAt, String document, List<Tag> tags) {
    this(family, revision, status, networkMode, cpu, memory, containerDefinitions, placementConstraints, registeredAt,
        deregisteredAt, document, tags, List.of());
  }

  public boolean active() {
    return ACTIVE.equals(status);
  }

  public TaskDefinition withStatus(String newStatus, Instant at) {
    return new TaskDefinition(family, revision, newStatus, networkMode, cpu, memory, containerDefinitions,
        placementConstraints, registeredAt, at, document, tags, requiresAttributes);
  }
}
