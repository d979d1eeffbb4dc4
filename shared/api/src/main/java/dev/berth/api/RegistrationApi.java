package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.account.AccountSettings;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.instances.ContainerInstances;
import dev.berth.core.instances.InstanceHealth;
import dev.berth.core.instances.Registration;
import dev.berth.core.taskdefs.TaskDefinitions;
import dev.berth.core.tasks.StateChange;
import dev.berth.core.tasks.TaskStateChanges;
import dev.berth.model.Arns;
import dev.berth.model.Cluster;
import dev.berth.model.ClusterCounts;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.KeyValue;
import dev.berth.model.TaskDefinition;
import dev.berth.model.VersionInfo;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/**
 * The registration function's operations: clusters, container instances, task definitions, and
 * the agents' state-change submissions.
 */
public final class RegistrationApi {
  private final Clusters clusters;
  private final ContainerInstances instances;
  private final TaskDefinitions definitions;
  private final TaskStateChanges stateChanges;
  private final InstanceHealth health;
  private final Shapes shapes;
  private final TaggingApi tagging;
  private final AttributesApi attributes;
  private final AccountSettingsApi accountSettingsApi;
  private final AccountSettings accountSettings;

  @Inject
  public RegistrationApi(Clusters clusters, ContainerInstances instances, TaskDefinitions definitions,
      TaskStateChanges stateChanges, InstanceHealth health, Shapes shapes, TaggingApi tagging,
      AttributesApi attributes, AccountSettingsApi accountSettingsApi,
      AccountSettings accountSettings) {
    this.tagging = tagging;
    this.attributes = attributes;
    this.accountSettingsApi = accountSettingsApi;
    this.accountSettings = accountSettings;
    this.health = health;
    this.clusters = clusters;
    this.instances = instances;
    this.definitions = definitions;
    this.stateChanges = stateChanges;
    this.shapes = shapes;
  }

  public Map<String, EcsOperation> operations() {
    Map<String, EcsOperation> all = new java.util.HashMap<>(tagging.operations());
    all.putAll(attributes.operations());
    all.putAll(accountSettingsApi.operations());
    all.putAll(own());
    return Map.copyOf(all);
  }

  private Map<String, EcsOperation> own() {
    return Map.ofEntries(
        Map.entry("CreateCluster", (EcsOperation) this::createCluster),
        Map.entry("DeleteCluster", (EcsOperation) this::deleteCluster),
        Map.entry("UpdateCluster", (EcsOperation) this::updateCluster),
        Map.entry("UpdateClusterSettings", (EcsOperation) this::updateClusterSettings),
        Map.entry("RegisterContainerInstance", (EcsOperation) this::registerContainerInstance),
        Map.entry("DeregisterContainerInstance", (EcsOperation) this::deregisterContainerInstance),
        Map.entry("UpdateContainerInstancesState", (EcsOperation) this::updateContainerInstancesState),
        Map.entry("RegisterTaskDefinition", (EcsOperation) this::registerTaskDefinition),
        Map.entry("DeregisterTaskDefinition", (EcsOperation) this::deregisterTaskDefinition),
        Map.entry("DeleteTaskDefinitions", (EcsOperation) this::deleteTaskDefinitions),
        Map.entry("SubmitTaskStateChange", (EcsOperation) this::submitTaskStateChange),
        Map.entry("SubmitContainerStateChange", (EcsOperation) this::submitContainerStateChange),
        Map.entry("Heartbeat", (EcsOperation) this::heartbeat),
        Map.entry("PublishTaskHealth", (EcsOperation) this::publishTaskHealth));
  }

  ObjectNode createCluster(Json request) {
    String name = request.string("clusterName", 255);
    var settings = Decode.keyValues(request, "settings");
    Cluster cluster = clusters.create(name == null ? "default" : name, TaskDefinitionRequest.tags(request),
        accountSettings.forNewCluster(settings == null ? List.of() : settings, request.callerArn()),
        Decode.clusterConfiguration(request));
    ObjectNode response = Shapes.object();
    response.set("cluster", shapes.cluster(cluster, clusters.counts(cluster)));
    return response;
  }

  ObjectNode updateCluster(Json request) {
    Json connect = request.object("serviceConnectDefaults");
    if (connect != null) {
      throw EcsException.invalidParameter("Berth does not support Service Connect: serviceConnectDefaults cannot be "
          + "set.");
    }
    List<KeyValue> settings = Decode.keyValues(request, "settings");
    return clusterResponse(clusters.update(Arns.clusterName(request.requiredString("cluster")), settings,
        Decode.clusterConfiguration(request)));
  }

  ObjectNode updateClusterSettings(Json request) {
    List<KeyValue> settings = Decode.keyValues(request, "settings");
    if (settings == null || settings.isEmpty()) {
      throw EcsException.invalidParameter("settings cannot be empty.");
    }
    return clusterResponse(clusters.update(Arns.clusterName(request.requiredString("cluster")), settings, null));
  }

  private ObjectNode clusterResponse(Cluster cluster) {
    ObjectNode response = Shapes.object();
    response.set("cluster", shapes.cluster(cluster, clusters.counts(cluster)));
    return response;
  }

  ObjectNode deleteCluster(Json request) {
    String name = Arns.clusterName(request.requiredString("cluster"));
    Cluster cluster = clusters.delete(name);
    ObjectNode response = Shapes.object();
    response.set("cluster", shapes.cluster(cluster, ClusterCounts.ZERO));
    return response;
  }

  ObjectNode registerContainerInstance(Json request) {
    requireDevicesMatchGpus(request);
    Json version = request.object("versionInfo");
    var registration = new Registration(
        Decode.cluster(request),
        request.string("containerInstanceArn", 2048),
        IdentityDocument.parse(request.string("instanceIdentityDocument", 16384)),
        Decode.resources(request, "totalResources"),
        version == null ? null : new VersionInfo(version.string("agentVersion"), version.string("agentHash"),
            version.string("dockerVersion")),
        Decode.attributes(request),
        TaskDefinitionRequest.tags(request));
    ContainerInstance instance = instances.register(registration);
    ObjectNode response = Shapes.object();
    response.set("containerInstance", shapes.containerInstance(instance, 0, 0));
    return response;
  }

  /**
   * ECS agents list an instance's GPUs twice: as the GPU resource of totalResources, which Berth
   * reserves from, and as platformDevices. The two must name the same GPUs.
   */
  private static void requireDevicesMatchGpus(Json request) {
    List<Json> devices = request.objects("platformDevices");
    if (devices == null || devices.isEmpty()) {
      return;
    }
    java.util.Set<String> listed = new java.util.TreeSet<>();
    devices.forEach(d -> listed.add(d.string("id")));
    java.util.Set<String> declared = new java.util.TreeSet<>();
    List<Json> resources = request.objects("totalResources");
    for (Json r : resources == null ? List.<Json>of() : resources) {
      if ("GPU".equals(r.string("name")) && r.strings("stringSetValue") != null) {
        declared.addAll(r.strings("stringSetValue"));
      }
    }
    if (!listed.equals(declared)) {
      throw EcsException.invalidParameter("platformDevices " + listed
          + " must name the same GPUs as the GPU resource of totalResources " + declared + ".");
    }
  }

  ObjectNode deregisterContainerInstance(Json request) {
    Boolean force = request.bool("force");
    ContainerInstance instance = instances.deregister(Decode.cluster(request),
        request.requiredString("containerInstance"), force != null && force);
    ObjectNode response = Shapes.object();
    response.set("containerInstance", shapes.containerInstance(instance, 0, 0));
    return response;
  }

  ObjectNode updateContainerInstancesState(Json request) {
    List<String> refs = request.strings("containerInstances");
    if (refs == null || refs.isEmpty() || refs.size() > 10) {
      throw EcsException.invalidParameter("containerInstances must list between 1 and 10 container instances.");
    }
    var result = instances.updateState(Decode.cluster(request), refs, request.requiredString("status"));
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("containerInstances");
    result.updated().forEach(ci -> list.add(shapes.containerInstance(ci, 0, 0)));
    ArrayNode failures = response.putArray("failures");
    result.failures().forEach(f -> failures.add(Shapes.failure(f[0], f[1], null)));
    return response;
  }

  ObjectNode registerTaskDefinition(Json request) {
    TaskDefinition definition = definitions.register(TaskDefinitionRequest.parse(request).toNewTaskDefinition());
    ObjectNode response = Shapes.object();
    response.set("taskDefinition", shapes.taskDefinition(definition));
    Shapes.tags(response, definition.tags());
    return response;
  }

  ObjectNode deregisterTaskDefinition(Json request) {
    TaskDefinition definition = definitions.deregister(request.requiredString("taskDefinition"));
    ObjectNode response = Shapes.object();
    response.set("taskDefinition", shapes.taskDefinition(definition));
    return response;
  }

  ObjectNode deleteTaskDefinitions(Json request) {
    var deletion = definitions.delete(request.strings("taskDefinitions"));
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("taskDefinitions");
    deletion.deleted().forEach(d -> list.add(shapes.taskDefinition(d)));
    ArrayNode failures = response.putArray("failures");
    deletion.failures().forEach(f -> failures.add(Shapes.failure(f[0].startsWith("arn:") ? f[0]
        : shapes.arns().taskDefinition(Arns.taskDefinitionRef(f[0]).family(), Arns.taskDefinitionRef(f[0]).revision()),
        f[1], null)));
    return response;
  }

  ObjectNode submitTaskStateChange(Json request) {
    String cluster = Decode.cluster(request);
    List<StateChange.ContainerChange> containers = request.objects("containers", c ->
        new StateChange.ContainerChange(c.requiredString("containerName"), c.string("runtimeId"), c.string("status"),
            c.integer("exitCode"), c.string("reason", 1024), Decode.bindings(c)));
    stateChanges.submit(new StateChange(StateChange.TASK, cluster,
        Arns.resourceId("task", request.requiredString("task"), cluster), request.string("status"),
        request.string("reason", 1024), containers == null ? List.of() : containers, time(request, "pullStartedAt"),
        time(request, "pullStoppedAt"), time(request, "executionStoppedAt"), null).by(request.agentInstance()));
    return acknowledgment();
  }

  ObjectNode submitContainerStateChange(Json request) {
    String cluster = Decode.cluster(request);
    var container = new StateChange.ContainerChange(request.requiredString("containerName"),
        request.string("runtimeId"), request.string("status"), request.integer("exitCode"),
        request.string("reason", 1024), Decode.bindings(request));
    stateChanges.submit(new StateChange(StateChange.CONTAINER, cluster,
        Arns.resourceId("task", request.requiredString("task"), cluster), null, null, List.of(container), null, null,
        null, null).by(request.agentInstance()));
    return acknowledgment();
  }

  /** An agent reports in: {@code {cluster, containerInstance}} -> the interval to report at. */
  ObjectNode heartbeat(Json request) {
    var instance = health.heartbeat(Decode.cluster(request), request.requiredString("containerInstance"));
    ObjectNode response = Shapes.object();
    response.put("containerInstanceArn", shapes.arns().containerInstance(instance.cluster(), instance.id()));
    response.put("agentConnected", instance.agentConnected());
    response.put("heartbeatIntervalSeconds", health.heartbeatInterval().toSeconds());
    return response;
  }

  /**
   * Berth's agent operation for container health (ECS agents publish it over the telemetry
   * websocket): {@code {cluster, containerInstance, tasks: [{taskArn, containers: [{containerName,
   * healthStatus, statusSince, statusMessage}]}]}}, through the task-state queue like Submit*.
   */
  ObjectNode publishTaskHealth(Json request) {
    String cluster = Decode.cluster(request);
    String instanceId = Arns.resourceId("container-instance", request.requiredString("containerInstance"), cluster);
    List<Json> list = request.objects("tasks");
    if (list == null || list.isEmpty() || list.size() > 100) {
      throw EcsException.invalidParameter("tasks must list between 1 and 100 tasks.");
    }
    List<StateChange> changes = new java.util.ArrayList<>();
    for (Json t : list) {
      List<StateChange.ContainerChange> containers = t.objects("containers", c ->
          new StateChange.ContainerChange(c.requiredString("containerName"), null, null, null,
              c.string("statusMessage", 1024), List.of(), c.requiredString("healthStatus")));
      if (containers == null || containers.isEmpty()) {
        throw EcsException.invalidParameter("Each task must list its containers' health.");
      }
      changes.add(new StateChange(StateChange.HEALTH, cluster,
          Arns.resourceId("task", t.requiredString("taskArn"), cluster), null, null, containers, null, null, null,
          null));
    }
    stateChanges.submitHealth(cluster, instanceId, changes);
    return acknowledgment();
  }

  private static ObjectNode acknowledgment() {
    ObjectNode response = Shapes.object();
    response.put("acknowledgment", "ACK");
    return response;
  }

  private static Instant time(Json request, String name) {
    var v = request.node().get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw EcsException.serialization("Expected a timestamp for " + name + ".");
    }
    return Instant.ofEpochMilli(new BigDecimal(v.asText()).movePointRight(3).longValue());
  }
}
