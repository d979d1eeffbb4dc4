package dev.berth.api;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.instances.InstanceIdentity;
import dev.berth.model.Attribute;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsHttp;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the EC2 instance identity document an agent sends with RegisterContainerInstance: the
 * instance id, and the attributes ECS derives from it (availability zone, instance type, AMI, CPU
 * architecture).
 */
final class IdentityDocument {

  static InstanceIdentity parse(String document) {
    if (document == null || document.isBlank()) {
      return InstanceIdentity.NONE;
    }
    JsonNode node;
    try {
      node = JsonTrees.read(document);
    } catch (java.io.IOException e) {
      throw EcsException.invalidParameter("instanceIdentityDocument is not a valid JSON document.");
    }
    if (node == null || !node.isObject()) {
      throw EcsException.invalidParameter("instanceIdentityDocument is not a valid JSON document.");
    }
    List<Attribute> attributes = new ArrayList<>();
    add(attributes, "ecs.availability-zone", node.path("availabilityZone"));
    add(attributes, "ecs.instance-type", node.path("instanceType"));
    add(attributes, "ecs.ami-id", node.path("imageId"));
    add(attributes, "ecs.cpu-architecture", node.path("architecture"));
    String instanceId = node.path("instanceId").isTextual() ? node.path("instanceId").textValue() : null;
    return new InstanceIdentity(instanceId, attributes);
  }

  private static void add(List<Attribute> attributes, String name, JsonNode value) {
    if (value.isTextual() && !value.textValue().isBlank()) {
      attributes.add(Attribute.of(name, value.textValue()));
    }
  }

  private IdentityDocument() {}
}
