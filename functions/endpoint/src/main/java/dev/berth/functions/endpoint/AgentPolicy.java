package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import static dev.berth.functions.endpoint.EcsResources.strings;
import static dev.berth.functions.endpoint.EcsResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.Principal;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.Task;
import dev.berth.protocol.EcsHttp;
import java.util.List;
import java.util.Set;

/**
 * What an agent's credential may do, decided in code so no policy can widen it: only the calls an
 * agent makes, only in its own cluster, and only for its own container instance and the tasks placed
 * on it. Real ECS lets every host's role act on every instance of the account; Berth does not, so one
 * compromised host cannot stop, read or report another host's tasks.
 */
final class AgentPolicy {
  private static final Set<String> OWN_INSTANCE = Set.of("RegisterContainerInstance", "DeregisterContainerInstance",
      "Heartbeat", "UpdateContainerInstancesState", "DescribeContainerInstances", "ListTasks", "DescribeTasks",
      "DescribeTaskDefinition", "SubmitTaskStateChange", "SubmitContainerStateChange", "PublishTaskHealth",
      "DiscoverPollEndpoint");

  private final TaskStore tasks;
  private final ContainerInstanceStore instances;

  AgentPolicy(TaskStore tasks, ContainerInstanceStore instances) {
    this.tasks = tasks;
    this.instances = instances;
  }

  /**
   * What a proven instance role may do before it has an instance credential: register, in its own
   * cluster, as the EC2 instance its role session names, and nothing else (AssumeInstanceIdentity is
   * checked by {@link AgentCredentials#issueFor}). The instance id is recorded as the container
   * instance's {@code ec2InstanceId}: an identity document the agent sends must name the same
   * instance, and when it sends none, Berth adds one that names it. Re-registering an instance is
   * allowed only for an instance recorded with that same EC2 instance id.
   *
   * @return the request to forward
   */
  ObjectNode checkInstanceRole(Principal role, String operation, ObjectNode request) {
    if (!operation.equals("RegisterContainerInstance")) {
      throw deniedRole(role, operation, "*");
    }
    String cluster = Arns.clusterName(text(request, "cluster"));
    if (!cluster.equals(role.cluster())) {
      throw deniedRole(role, operation, "cluster/" + cluster);
    }
    String document = text(request, "instanceIdentityDocument");
    if (document != null) {
      JsonNode parsed;
      try {
        parsed = JsonTrees.read(document);
      } catch (java.io.IOException e) {
        throw EcsException.invalidParameter("instanceIdentityDocument is not a valid JSON document.");
      }
      if (parsed == null || !role.ec2InstanceId().equals(parsed.path("instanceId").asText(null))) {
        throw deniedRole(role, operation, "instance/" + (parsed == null ? "?" : parsed.path("instanceId").asText("?")));
      }
    } else {
      request.put("instanceIdentityDocument",
          JsonTrees.text(JsonTrees.object().put("instanceId", role.ec2InstanceId())));
    }
    String previous = text(request, "containerInstanceArn");
    if (previous != null) {
      String id = instanceId(previous, cluster);
      var existing = id == null ? java.util.Optional.<ContainerInstance>empty() : instances.get(cluster, id);
      // an instance that does not exist registers anew; one that does must be this EC2 instance's
      if (id == null || existing.isPresent() && !role.ec2InstanceId().equals(existing.get().ec2InstanceId())) {
        throw deniedRole(role, operation, "container-instance/" + cluster + "/" + previous);
      }
    }
    return request;
  }

  /** Throws {@link AuthException} unless {@code agent} may make this call. */
  void check(Principal agent, String operation, JsonNode request) {
    if (!OWN_INSTANCE.contains(operation)) {
      throw denied(agent, operation, "*");
    }
    if (operation.equals("DiscoverPollEndpoint")) {
      return;
    }
    String own = ownId(agent);
    if (operation.equals("DescribeTaskDefinition")) {
      // not in a cluster: what decides is whether a task on this instance uses it
      requireDefinitionInUse(agent, own, text(request, "taskDefinition"));
      return;
    }
    String cluster = Arns.clusterName(text(request, "cluster"));
    if (!cluster.equals(agent.cluster())) {
      throw denied(agent, operation, "cluster/" + cluster);
    }
    switch (operation) {
      case "RegisterContainerInstance" -> requireOwn(agent, operation, cluster, text(request, "containerInstanceArn"));
      case "DeregisterContainerInstance", "Heartbeat", "ListTasks" ->
          requireOwn(agent, operation, cluster, text(request, "containerInstance"));
      case "DescribeContainerInstances" -> {
        List<String> refs = strings(request, "containerInstances");
        if (refs.isEmpty()) {
          throw denied(agent, operation, "container-instance/" + cluster + "/*");
        }
        refs.forEach(ref -> requireOwn(agent, operation, cluster, ref));
      }
      case "UpdateContainerInstancesState" -> {
        List<String> refs = strings(request, "containerInstances");
        if (refs.isEmpty() || !"DRAINING".equals(text(request, "status"))) {
          throw denied(agent, operation, "container-instance/" + cluster + "/*");
        }
        refs.forEach(ref -> requireOwn(agent, operation, cluster, ref));
      }
      case "SubmitTaskStateChange", "SubmitContainerStateChange" -> requireOwnTask(agent, operation, cluster,
          text(request, "task"));
      case "PublishTaskHealth" -> {
        requireOwn(agent, operation, cluster, text(request, "containerInstance"));
        for (JsonNode task : request.path("tasks")) {
          requireOwnTask(agent, operation, cluster, text(task, "taskArn"));
        }
      }
      default -> { } // DescribeTasks: the answer is filtered instead, see hideOthers
    }
  }

  /**
   * DescribeTasks for an agent: tasks on other instances are reported as MISSING, exactly like tasks
   * that do not exist, so the answer reveals nothing about other hosts.
   */
  void hideOthers(Principal agent, ObjectNode response) {
    JsonNode found = response.get("tasks");
    if (found == null || !found.isArray()) {
      return;
    }
    ArrayNode kept = response.arrayNode();
    ArrayNode failures = response.withArray("failures");
    for (JsonNode task : found) {
      if (agent.containerInstanceArn().equals(task.path("containerInstanceArn").asText())) {
        kept.add(task);
      } else {
        failures.addObject().put("arn", task.path("taskArn").asText()).put("reason", "MISSING");
      }
    }
    response.set("tasks", kept);
  }

  private void requireOwn(Principal agent, String operation, String cluster, String ref) {
    if (ref == null || !ownId(agent).equals(instanceId(ref, cluster))) {
      throw denied(agent, operation, "container-instance/" + cluster + "/" + (ref == null ? "*" : ref));
    }
  }

  private void requireOwnTask(Principal agent, String operation, String cluster, String ref) {
    String id = ref == null ? null : taskId(ref, cluster);
    boolean own = id != null && tasks.get(cluster, id).map(Task::containerInstanceId).filter(ownId(agent)::equals)
        .isPresent();
    if (!own) {
      throw denied(agent, operation, "task/" + cluster + "/" + (id == null ? "*" : id));
    }
  }

  /** Task definitions can hold secrets: an agent reads only those of tasks placed on its instance. */
  private void requireDefinitionInUse(Principal agent, String own, String ref) {
    Arns.TaskDefinitionRef wanted;
    try {
      wanted = Arns.taskDefinitionRef(ref);
    } catch (EcsException e) {
      throw denied(agent, "DescribeTaskDefinition", "task-definition/" + ref);
    }
    boolean used = tasks.listByContainerInstance(own).stream().anyMatch(t ->
        t.taskDefinitionFamily().equals(wanted.family())
            && (wanted.revision() == null || wanted.revision() == t.taskDefinitionRevision()));
    if (!used) {
      throw denied(agent, "DescribeTaskDefinition", "task-definition/" + ref);
    }
  }

  private static String ownId(Principal agent) {
    String arn = agent.containerInstanceArn();
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  private static String instanceId(String ref, String cluster) {
    try {
      return Arns.resourceId("container-instance", ref, cluster);
    } catch (EcsException e) {
      return null;
    }
  }

  private static String taskId(String ref, String cluster) {
    try {
      return Arns.resourceId("task", ref, cluster);
    } catch (EcsException e) {
      return null;
    }
  }

  static AuthException deniedRole(Principal role, String operation, String resource) {
    return new AuthException(AuthError.ACCESS_DENIED, "User: " + role.arn() + " is not authorized to perform: ecs:"
        + operation + " on resource: " + resource + " because a proven instance role may only register as its own "
        + "EC2 instance (" + role.ec2InstanceId() + ") in the cluster " + role.cluster());
  }

  static AuthException denied(Principal principal, String operation, String resource) {
    return new AuthException(AuthError.ACCESS_DENIED, "User: " + principal.arn() + " is not authorized to perform: ecs:"
        + operation + " on resource: " + resource + " because an agent credential acts only for its own container "
        + "instance");
  }
}
