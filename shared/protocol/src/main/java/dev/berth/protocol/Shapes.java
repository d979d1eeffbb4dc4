package dev.berth.protocol;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.Arns;
import dev.berth.model.Attribute;
import dev.berth.model.Cluster;
import dev.berth.model.ClusterCounts;
import dev.berth.model.Container;
import dev.berth.model.ContainerInstance;
import dev.berth.model.KeyValue;
import dev.berth.model.NetworkBinding;
import dev.berth.model.Resource;
import dev.berth.model.Tag;
import dev.berth.model.Task;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Maps Berth's domain records to ECS's JSON response shapes, in one place. Unboxed members are
 * always written; boxed ones are left out when null; timestamps are epoch seconds.
 */
public final class Shapes {
  private final Arns arns;

  public Shapes(Arns arns) {
    this.arns = arns;
  }

  public Arns arns() {
    return arns;
  }

  public static ObjectNode object() {
    return JsonTrees.object();
  }

  /** What DescribeClusters' {@code include} may ask for beyond the cluster's own members. */
  public static final Set<String> ALL_CLUSTER_DETAILS = Set.of("TAGS", "SETTINGS", "CONFIGURATIONS", "STATISTICS");

  /** A cluster as Create, Update and DeleteCluster return it: with its tags, settings and configuration. */
  public ObjectNode cluster(Cluster c, ClusterCounts counts) {
    return cluster(c, counts, ALL_CLUSTER_DETAILS);
  }

  /** A cluster with the details DescribeClusters' {@code include} names (its tags, settings, ...). */
  public ObjectNode cluster(Cluster c, ClusterCounts counts, Set<String> include) {
    ObjectNode o = object();
    o.put("clusterArn", arns.cluster(c.name()));
    o.put("clusterName", c.name());
    o.put("status", c.status());
    o.put("registeredContainerInstancesCount", counts.registeredContainerInstances());
    o.put("runningTasksCount", counts.runningTasks());
    o.put("pendingTasksCount", counts.pendingTasks());
    o.put("activeServicesCount", counts.activeServices());
    if (include.contains("STATISTICS")) {
      o.putArray("statistics");
    }
    if (include.contains("TAGS")) {
      tags(o, c.tags());
    }
    if (include.contains("SETTINGS")) {
      ArrayNode settings = o.putArray("settings");
      c.settings().forEach(s -> settings.addObject().put("name", s.name()).put("value", s.value()));
    }
    if (include.contains("CONFIGURATIONS") && c.configuration() != null) {
      try {
        o.set("configuration", JsonTrees.read(c.configuration()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("stored cluster configuration is not JSON", e);
      }
    }
    o.putArray("capacityProviders");
    o.putArray("defaultCapacityProviderStrategy");
    return o;
  }

  public ObjectNode containerInstance(ContainerInstance ci, int runningTasks, int pendingTasks) {
    return containerInstance(ci, runningTasks, pendingTasks, true);
  }

  /** A container instance; its tags only when {@code withTags} (DescribeContainerInstances' include TAGS). */
  public ObjectNode containerInstance(ContainerInstance ci, int runningTasks, int pendingTasks, boolean withTags) {
    ObjectNode o = object();
    o.put("containerInstanceArn", arns.containerInstance(ci.cluster(), ci.id()));
    if (ci.ec2InstanceId() != null) {
      o.put("ec2InstanceId", ci.ec2InstanceId());
    }
    o.put("version", ci.version());
    if (ci.versionInfo() != null) {
      ObjectNode v = o.putObject("versionInfo");
      putIfPresent(v, "agentVersion", ci.versionInfo().agentVersion());
      putIfPresent(v, "agentHash", ci.versionInfo().agentHash());
      putIfPresent(v, "dockerVersion", ci.versionInfo().dockerVersion());
    }
    resources(o.putArray("remainingResources"), ci.remainingResources());
    resources(o.putArray("registeredResources"), ci.registeredResources());
    o.put("status", ci.status());
    putIfPresent(o, "statusReason", ci.statusReason());
    o.put("agentConnected", ci.agentConnected());
    o.put("runningTasksCount", runningTasks);
    o.put("pendingTasksCount", pendingTasks);
    ArrayNode attributes = o.putArray("attributes");
    for (Attribute a : ci.attributes()) {
      ObjectNode n = attributes.addObject().put("name", a.name());
      putIfPresent(n, "value", a.value());
      putIfPresent(n, "targetType", a.targetType());
      putIfPresent(n, "targetId", a.targetId());
    }
    time(o, "registeredAt", ci.registeredAt());
    o.putArray("attachments");
    if (withTags) {
      tags(o, ci.tags());
    }
    return o;
  }

  public ObjectNode task(Task t) {
    return task(t, true);
  }

  /** A task; its tags only when {@code withTags} (DescribeTasks' include TAGS). */
  public ObjectNode task(Task t, boolean withTags) {
    ObjectNode o = object();
    String taskArn = arns.task(t.cluster(), t.id());
    o.putArray("attachments");
    o.putArray("attributes");
    putIfPresent(o, "availabilityZone", t.availabilityZone());
    o.put("clusterArn", arns.cluster(t.cluster()));
    o.put("connectivity", "CONNECTED");
    time(o, "connectivityAt", t.createdAt());
    o.put("containerInstanceArn", arns.containerInstance(t.cluster(), t.containerInstanceId()));
    ArrayNode containers = o.putArray("containers");
    for (Container c : t.containers()) {
      containers.add(container(t, taskArn, c));
    }
    o.put("cpu", String.valueOf(t.reservation().cpu()));
    time(o, "createdAt", t.createdAt());
    o.put("desiredStatus", t.desiredStatus());
    o.put("enableExecuteCommand", false);
    time(o, "executionStoppedAt", t.executionStoppedAt());
    putIfPresent(o, "group", t.group());
    o.put("healthStatus", t.healthStatus() == null ? "UNKNOWN" : t.healthStatus());
    o.put("lastStatus", t.lastStatus());
    o.put("launchType", "EC2");
    o.put("memory", String.valueOf(t.reservation().memory()));
    o.set("overrides", overrides(t.overrides()));
    time(o, "pullStartedAt", t.pullStartedAt());
    time(o, "pullStoppedAt", t.pullStoppedAt());
    time(o, "startedAt", t.startedAt());
    putIfPresent(o, "startedBy", t.startedBy());
    putIfPresent(o, "stopCode", t.stopCode());
    time(o, "stoppedAt", t.stoppedAt());
    putIfPresent(o, "stoppedReason", t.stoppedReason());
    time(o, "stoppingAt", t.stoppingAt());
    if (withTags) {
      tags(o, t.tags());
    }
    o.put("taskArn", taskArn);
    o.put("taskDefinitionArn", arns.taskDefinition(t.taskDefinitionFamily(), t.taskDefinitionRevision()));
    o.put("version", t.version());
    return o;
  }

  private ObjectNode container(Task t, String taskArn, Container c) {
    ObjectNode o = object();
    o.put("containerArn", arns.container(t.cluster(), t.id(), c.id()));
    o.put("taskArn", taskArn);
    o.put("name", c.name());
    putIfPresent(o, "image", c.image());
    putIfPresent(o, "runtimeId", c.runtimeId());
    o.put("lastStatus", c.lastStatus());
    if (c.exitCode() != null) {
      o.put("exitCode", c.exitCode());
    }
    putIfPresent(o, "reason", c.reason());
    ArrayNode bindings = o.putArray("networkBindings");
    for (NetworkBinding b : c.networkBindings()) {
      ObjectNode n = bindings.addObject();
      putIfPresent(n, "bindIP", b.bindIP());
      if (b.containerPort() != null) {
        n.put("containerPort", b.containerPort());
      }
      if (b.hostPort() != null) {
        n.put("hostPort", b.hostPort());
      }
      putIfPresent(n, "protocol", b.protocol());
    }
    o.putArray("networkInterfaces");
    o.put("healthStatus", c.healthStatus() == null ? "UNKNOWN" : c.healthStatus());
    o.put("cpu", String.valueOf(c.cpu()));
    if (c.memory() != null) {
      o.put("memory", String.valueOf(c.memory()));
    }
    if (c.memoryReservation() != null) {
      o.put("memoryReservation", String.valueOf(c.memoryReservation()));
    }
    if (!c.gpuIds().isEmpty()) {
      c.gpuIds().forEach(o.putArray("gpuIds")::add);
    }
    return o;
  }

  /** The registered definition document with its identity and status added. */
  public ObjectNode taskDefinition(TaskDefinition d) {
    ObjectNode o;
    try {
      o = (ObjectNode) JsonTrees.read(d.document());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored task definition is not JSON", e);
    }
    o.put("taskDefinitionArn", arns.taskDefinition(d.family(), d.revision()));
    o.put("family", d.family());
    o.put("revision", d.revision());
    o.put("status", d.status());
    time(o, "registeredAt", d.registeredAt());
    time(o, "deregisteredAt", d.deregisteredAt());
    return o;
  }

  public ObjectNode overrides(TaskOverride overrides) {
    ObjectNode o = object();
    ArrayNode list = o.putArray("containerOverrides");
    for (TaskOverride.ContainerOverride c : overrides.containerOverrides()) {
      ObjectNode n = list.addObject();
      putIfPresent(n, "name", c.name());
      if (c.command() != null) {
        c.command().forEach(n.putArray("command")::add);
      }
      if (c.environment() != null) {
        keyValues(n.putArray("environment"), c.environment());
      }
      if (c.cpu() != null) {
        n.put("cpu", c.cpu());
      }
      if (c.memory() != null) {
        n.put("memory", c.memory());
      }
      if (c.memoryReservation() != null) {
        n.put("memoryReservation", c.memoryReservation());
      }
      if (c.gpu() != null) {
        n.putArray("resourceRequirements").addObject().put("type", "GPU").put("value", String.valueOf(c.gpu()));
      }
    }
    putIfPresent(o, "cpu", overrides.cpu());
    putIfPresent(o, "memory", overrides.memory());
    putIfPresent(o, "taskRoleArn", overrides.taskRoleArn());
    putIfPresent(o, "executionRoleArn", overrides.executionRoleArn());
    o.putArray("inferenceAcceleratorOverrides");
    return o;
  }

  public static ObjectNode failure(String arn, String reason, String detail) {
    ObjectNode o = object();
    putIfPresent(o, "arn", arn);
    o.put("reason", reason);
    putIfPresent(o, "detail", detail);
    return o;
  }

  public static void resources(ArrayNode array, List<Resource> resources) {
    for (Resource r : resources) {
      ObjectNode n = array.addObject();
      n.put("name", r.name());
      n.put("type", r.type());
      n.put("doubleValue", r.doubleValue());
      n.put("longValue", r.longValue());
      n.put("integerValue", r.integerValue());
      ArrayNode set = n.putArray("stringSetValue");
      r.stringSetValue().forEach(set::add);
    }
  }

  public static void keyValues(ArrayNode array, List<KeyValue> values) {
    values.forEach(kv -> array.addObject().put("name", kv.name()).put("value", kv.value()));
  }

  public static void tags(ObjectNode o, List<Tag> tags) {
    ArrayNode array = o.putArray("tags");
    tags.forEach(t -> array.addObject().put("key", t.key()).put("value", t.value()));
  }

  public static void time(ObjectNode o, String name, Instant at) {
    if (at != null) {
      o.put(name, BigDecimal.valueOf(at.toEpochMilli(), 3));
    }
  }

  public static void putIfPresent(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }
}
