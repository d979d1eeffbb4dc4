package dev.berth.agent.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.config.InstanceResources;
import dev.berth.agent.report.TaskStateReport;
import dev.berth.agent.task.DescribedTask;
import dev.berth.agent.task.NetworkBinding;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ECS operations the agent calls, as typed methods over the wire protocol. */
public final class ControlPlane {
  /** DescribeTasks takes at most 100 tasks per call. */
  static final int DESCRIBE_BATCH = 100;

  private final EcsApi api;

  public ControlPlane(EcsApi api) {
    this.api = api;
  }

  /** What the agent says about itself on registration. */
  public record VersionInfo(String agentVersion, String agentHash, String dockerVersion) {}

  /** Heartbeat's answer. */
  public record HeartbeatAnswer(String containerInstanceArn, boolean agentConnected, Duration interval) {}

  /** DescribeTasks' answer: the tasks found, and the ARNs it reported MISSING. */
  public record Described(List<DescribedTask> tasks, List<String> missing) {}

  /** Registers, or registers again as {@code existingArn} when not null; returns the instance ARN. */
  public String registerContainerInstance(String cluster, String existingArn, InstanceResources resources,
      Map<String, String> attributes, VersionInfo version) throws EcsError, IOException {
    ObjectNode request = object().put("cluster", cluster);
    if (existingArn != null) {
      request.put("containerInstanceArn", existingArn);
    }
    ArrayNode total = request.putArray("totalResources");
    total.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", resources.cpu());
    total.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", resources.memory());
    ports(total.addObject().put("name", "PORTS").put("type", "STRINGSET"), resources.ports());
    ports(total.addObject().put("name", "PORTS_UDP").put("type", "STRINGSET"), resources.udpPorts());
    ArrayNode list = request.putArray("attributes");
    attributes.forEach((name, value) -> {
      ObjectNode a = list.addObject().put("name", name);
      if (value != null && !value.isEmpty()) {
        a.put("value", value); // capability attributes carry no value
      }
    });
    request.putObject("versionInfo").put("agentVersion", version.agentVersion())
        .put("agentHash", version.agentHash()).put("dockerVersion", version.dockerVersion());
    JsonNode answer = api.call("RegisterContainerInstance", request);
    return required(answer.path("containerInstance"), "containerInstanceArn");
  }

  /** The instance's status (ACTIVE, DRAINING, INACTIVE, ...), or empty when the control plane has no such instance. */
  public java.util.Optional<String> containerInstanceStatus(String cluster, String instanceArn)
      throws EcsError, IOException {
    ObjectNode request = object().put("cluster", cluster);
    request.putArray("containerInstances").add(instanceArn);
    JsonNode found = api.call("DescribeContainerInstances", request).path("containerInstances").path(0);
    return found.path("status").isTextual() ? java.util.Optional.of(found.path("status").asText())
        : java.util.Optional.empty();
  }

  public void createCluster(String cluster) throws EcsError, IOException {
    api.call("CreateCluster", object().put("clusterName", cluster));
  }

  public HeartbeatAnswer heartbeat(String cluster, String instanceArn) throws EcsError, IOException {
    JsonNode answer = api.call("Heartbeat", object().put("cluster", cluster).put("containerInstance", instanceArn));
    return new HeartbeatAnswer(answer.path("containerInstanceArn").asText(instanceArn),
        answer.path("agentConnected").asBoolean(true),
        Duration.ofSeconds(Math.max(1, answer.path("heartbeatIntervalSeconds").asLong(30))));
  }

  /** Every task ARN ListTasks gives for the instance and desired status, all pages. */
  public List<String> listTasks(String cluster, String instanceArn, String desiredStatus) throws EcsError, IOException {
    List<String> arns = new ArrayList<>();
    String token = null;
    do {
      ObjectNode request = object().put("cluster", cluster).put("containerInstance", instanceArn)
          .put("desiredStatus", desiredStatus);
      if (token != null) {
        request.put("nextToken", token);
      }
      JsonNode answer = api.call("ListTasks", request);
      answer.path("taskArns").forEach(a -> arns.add(a.asText()));
      token = answer.path("nextToken").isTextual() ? answer.path("nextToken").asText() : null;
    } while (token != null);
    return arns;
  }

  public Described describeTasks(String cluster, List<String> taskArns) throws EcsError, IOException {
    List<DescribedTask> tasks = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int from = 0; from < taskArns.size(); from += DESCRIBE_BATCH) {
      ObjectNode request = object().put("cluster", cluster);
      ArrayNode list = request.putArray("tasks");
      taskArns.subList(from, Math.min(taskArns.size(), from + DESCRIBE_BATCH)).forEach(list::add);
      JsonNode answer = api.call("DescribeTasks", request);
      for (JsonNode t : answer.path("tasks")) {
        tasks.add(new DescribedTask(required(t, "taskArn"), required(t, "taskDefinitionArn"),
            t.path("desiredStatus").asText(), t.path("lastStatus").asText(), t.path("overrides")));
      }
      answer.path("failures").forEach(f -> missing.add(f.path("arn").asText()));
    }
    return new Described(tasks, missing);
  }

  /** The task definition document (its {@code containerDefinitions}, family, revision, ...). */
  public JsonNode describeTaskDefinition(String taskDefinitionArn) throws EcsError, IOException {
    JsonNode answer = api.call("DescribeTaskDefinition", object().put("taskDefinition", taskDefinitionArn));
    JsonNode definition = answer.path("taskDefinition");
    if (!definition.isObject()) {
      throw new IOException("DescribeTaskDefinition answered without a taskDefinition");
    }
    return definition;
  }

  public void submitTaskStateChange(String cluster, TaskStateReport report) throws EcsError, IOException {
    api.call("SubmitTaskStateChange", taskStateChange(cluster, report));
  }

  /** One task's containers' health, for Berth's PublishTaskHealth. */
  public record TaskHealth(String taskArn, List<ContainerHealth> containers) {}

  public record ContainerHealth(String containerName, String healthStatus, java.time.Instant statusSince,
      String statusMessage) {}

  /** Berth's PublishTaskHealth (ECS agents send the same over their telemetry session). */
  public void publishTaskHealth(String cluster, String instanceArn, List<TaskHealth> tasks)
      throws EcsError, IOException {
    ObjectNode request = object().put("cluster", cluster).put("containerInstance", instanceArn);
    ArrayNode list = request.putArray("tasks");
    for (TaskHealth t : tasks) {
      ArrayNode containers = list.addObject().put("taskArn", t.taskArn()).putArray("containers");
      for (ContainerHealth c : t.containers()) {
        ObjectNode n = containers.addObject().put("containerName", c.containerName())
            .put("healthStatus", c.healthStatus())
            .put("statusSince", BigDecimal.valueOf(c.statusSince().toEpochMilli(), 3));
        if (c.statusMessage() != null) {
          n.put("statusMessage", c.statusMessage());
        }
      }
    }
    api.call("PublishTaskHealth", request);
  }

  static ObjectNode taskStateChange(String cluster, TaskStateReport report) {
    ObjectNode request = object().put("cluster", cluster).put("task", report.taskArn()).put("status", report.status());
    if (report.reason() != null) {
      request.put("reason", report.reason());
    }
    ArrayNode containers = request.putArray("containers");
    for (TaskStateReport.Container c : report.containers()) {
      ObjectNode n = containers.addObject().put("containerName", c.containerName()).put("status", c.status());
      if (c.runtimeId() != null) {
        n.put("runtimeId", c.runtimeId());
      }
      if (c.exitCode() != null) {
        n.put("exitCode", c.exitCode());
      }
      if (c.reason() != null) {
        n.put("reason", c.reason());
      }
      ArrayNode bindings = n.putArray("networkBindings");
      for (NetworkBinding b : c.networkBindings()) {
        bindings.addObject().put("bindIP", b.bindIP()).put("containerPort", b.containerPort())
            .put("hostPort", b.hostPort()).put("protocol", b.protocol());
      }
    }
    if (report.executionStoppedAt() != null) {
      // epoch seconds with a fraction, as the wire protocol writes timestamps
      request.put("executionStoppedAt", BigDecimal.valueOf(report.executionStoppedAt().toEpochMilli(), 3));
    }
    if (report.pullStartedAt() != null) {
      request.put("pullStartedAt", BigDecimal.valueOf(report.pullStartedAt().toEpochMilli(), 3));
      request.put("pullStoppedAt", BigDecimal.valueOf(report.pullStoppedAt().toEpochMilli(), 3));
    }
    return request;
  }

  private static void ports(ObjectNode resource, List<Integer> ports) {
    ArrayNode set = resource.putArray("stringSetValue");
    ports.forEach(p -> set.add(String.valueOf(p)));
  }

  private static String required(JsonNode node, String field) throws IOException {
    if (!node.path(field).isTextual()) {
      throw new IOException("the answer has no " + field + ": " + node);
    }
    return node.path(field).asText();
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
