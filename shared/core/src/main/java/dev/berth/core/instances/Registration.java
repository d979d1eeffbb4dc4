package dev.berth.core.instances;

import dev.berth.model.Attribute;
import dev.berth.model.Resource;
import dev.berth.model.Tag;
import dev.berth.model.VersionInfo;
import java.util.List;

/** A RegisterContainerInstance request, decoded (its identity document already read). */
public record Registration(
    String cluster,
    String containerInstanceArn,
    InstanceIdentity identity,
    List<Resource> totalResources,
    VersionInfo versionInfo,
    List<Attribute> attributes,
    List<Tag> tags) {}
