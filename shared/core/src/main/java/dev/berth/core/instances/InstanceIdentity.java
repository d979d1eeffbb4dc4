package dev.berth.core.instances;

import dev.berth.model.Attribute;
import java.util.List;

/**
 * What a registering agent's EC2 instance identity document says: the instance id (null when the
 * document has none) and the attributes ECS derives from it (availability zone, instance type, AMI,
 * CPU architecture).
 */
public record InstanceIdentity(String instanceId, List<Attribute> attributes) {
  public static final InstanceIdentity NONE = new InstanceIdentity(null, List.of());

  public InstanceIdentity {
    attributes = List.copyOf(attributes);
  }
}
