package dev.berth.functions.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What each ECS operation is authorised against, after the Service Authorization Reference: the
 * resources (ECS long-format ARNs, or {@code *} where the action has no resource-level permission)
 * and the operation's condition keys ({@code ecs:cluster}, {@code ecs:container-instances},
 * {@code ecs:task-definition}). A batch call is authorised on every resource it names. The tags of an
 * existing resource ({@code aws:ResourceTag/...}) are read only if a policy's condition asks.
 */
final class EcsResources {
  /** One resource to authorise against, with its condition keys and, lazily, its tags. */
  record Target(String resource, Map<String, List<String>> keys, Supplier<List<Tag>> tags) {}

  private static final Supplier<List<Tag>> NO_TAGS = List::of;

  private final Arns arns;
  private final ClusterStore clusters;
  private final TaskStore tasks;
  private final ServiceStore services;
  private final TaskDefinitionStore definitions;
  private final ContainerInstanceStore instances;

  EcsResources(Arns arns, ClusterStore clusters, TaskStore tasks, ServiceStore services,
      TaskDefinitionStore definitions, ContainerInstanceStore instances) {
    this.instances = instances;
    this.arns = arns;
    this.clusters = clusters;
    this.tasks = tasks;
    this.services = services;
    this.definitions = definitions;
  }

  List<Target> targets(String operation, JsonNode request) {
    String cluster = Arns.clusterName(text(request, "cluster"));
    Map<String, List<String>> inCluster = Map.of("ecs:cluster", List.of(arns.cluster(cluster)));
    return switch (operation) {
      case "CreateCluster" -> List.of(cluster(Arns.clusterName(text(request, "clusterName")), Map.of(), false));
      case "DescribeClusters" -> {
        List<Target> out = new ArrayList<>();
        List<String> names = strings(request, "clusters");
        for (String name : names.isEmpty() ? List.of("default") : names) {
          out.add(cluster(Arns.clusterName(name), Map.of(), true));
        }
        yield out;
      }
      case "DeleteCluster", "UpdateCluster", "UpdateClusterSettings", "PutClusterCapacityProviders",
          "RegisterContainerInstance", "DeregisterContainerInstance", "ListContainerInstances",
          "SubmitTaskStateChange", "SubmitContainerStateChange", "PublishTaskHealth", "ListAttributes" ->
          List.of(cluster(cluster, Map.of(), true));
      case "PutAttributes", "DeleteAttributes" -> {
        // each container instance the attributes name, as ECS authorises these calls
        List<Target> out = new ArrayList<>();
        for (JsonNode attribute : request.path("attributes")) {
          String ref = text(attribute, "targetId");
          String id = ref == null ? "*" : ref.startsWith("arn:") ? ref.substring(ref.lastIndexOf('/') + 1) : ref;
          String arn = arns.containerInstance(cluster, id);
          if (out.stream().noneMatch(t -> t.resource().equals(arn))) {
            out.add(new Target(arn, inCluster, ref == null ? NO_TAGS
                : () -> instances.get(cluster, id).map(ci -> ci.tags()).orElse(List.of())));
          }
        }
        yield out.isEmpty() ? List.of(cluster(cluster, Map.of(), true)) : out;
      }
      case "DescribeContainerInstances", "UpdateContainerInstancesState" -> {
        List<Target> out = new ArrayList<>();
        for (String ref : strings(request, "containerInstances")) {
          out.add(new Target(arns.containerInstance(cluster,
              Arns.resourceId("container-instance", ref, cluster)), inCluster, NO_TAGS));
        }
        yield out;
      }
      case "Heartbeat" -> List.of(new Target(arns.containerInstance(cluster,
          Arns.resourceId("container-instance", text(request, "containerInstance"), cluster)), inCluster, NO_TAGS));
      case "RunTask", "StartTask" -> {
        Map<String, List<String>> keys = new java.util.HashMap<>(inCluster);
        if (operation.equals("StartTask")) {
          List<String> instances = new ArrayList<>();
          for (String ref : strings(request, "containerInstances")) {
            instances.add(arns.containerInstance(cluster, Arns.resourceId("container-instance", ref, cluster)));
          }
          keys.put("ecs:container-instances", instances);
        }
        yield List.of(new Target(taskDefinition(text(request, "taskDefinition")), keys, NO_TAGS));
      }
      case "StopTask" -> List.of(task(cluster, text(request, "task"), inCluster));
      case "DescribeTasks", "UpdateTaskProtection", "GetTaskProtection" -> {
        List<Target> out = new ArrayList<>();
        for (String ref : strings(request, "tasks")) {
          out.add(task(cluster, ref, inCluster));
        }
        yield out;
      }
      case "CreateService", "UpdateService", "DeleteService" -> {
        String name = Arns.serviceName(text(request, operation.equals("CreateService") ? "serviceName" : "service"), cluster);
        Map<String, List<String>> keys = new java.util.HashMap<>(inCluster);
        if (text(request, "taskDefinition") != null) {
          keys.put("ecs:task-definition", List.of(taskDefinition(text(request, "taskDefinition"))));
        }
        yield List.of(service(cluster, name, keys, !operation.equals("CreateService")));
      }
      case "DescribeServices" -> {
        List<Target> out = new ArrayList<>();
        for (String ref : strings(request, "services")) {
          out.add(service(cluster, Arns.serviceName(ref, cluster), inCluster, true));
        }
        yield out;
      }
      case "ListServiceDeployments" ->
          List.of(service(cluster, Arns.serviceName(text(request, "service"), cluster), inCluster, true));
      case "DescribeServiceDeployments" -> serviceChildren("service-deployment", strings(request, "serviceDeploymentArns"));
      case "StopServiceDeployment" ->
          serviceChildren("service-deployment", List.of(String.valueOf(text(request, "serviceDeploymentArn"))));
      case "DescribeServiceRevisions" -> serviceChildren("service-revision", strings(request, "serviceRevisionArns"));
      case "ListTasks", "ListServices" -> List.of(new Target("*", inCluster, NO_TAGS));
      case "TagResource", "UntagResource", "ListTagsForResource" -> List.of(tagged(text(request, "resourceArn")));
      default -> List.of(new Target("*", Map.of(), NO_TAGS));
    };
  }

  /**
   * The resource a create call makes, as tagging authorization checks {@code ecs:TagResource} on it:
   * its ARN (with {@code *} for the id Berth has not chosen yet), {@code ecs:cluster} where it lives
   * in one, and {@code ecs:CreateAction} naming the call.
   */
  Target created(String operation, JsonNode request) {
    String cluster = Arns.clusterName(text(request, "cluster"));
    Map<String, List<String>> keys = new java.util.HashMap<>(Map.of("ecs:CreateAction", List.of(operation)));
    if (!operation.equals("CreateCluster") && !operation.equals("RegisterTaskDefinition")) {
      keys.put("ecs:cluster", List.of(arns.cluster(cluster)));
    }
    String resource = switch (operation) {
      case "CreateCluster" -> arns.cluster(Arns.clusterName(text(request, "clusterName")));
      case "RegisterContainerInstance" -> arns.containerInstance(cluster, "*");
      case "RegisterTaskDefinition" -> arns.taskDefinition(String.valueOf(text(request, "family")), 0)
          .replaceFirst(":0$", ":*");
      case "RunTask", "StartTask" -> arns.task(cluster, "*");
      case "CreateService" -> arns.service(cluster, Arns.serviceName(text(request, "serviceName"), cluster));
      default -> "*";
    };
    return new Target(resource, keys, NO_TAGS);
  }

  /**
   * The resource a tagging call names, as its ARN with {@code ecs:cluster} where it has one and its
   * current tags for {@code aws:ResourceTag}; an ARN Berth cannot tag is authorised as itself, without
   * tags, and then refused by the serving function.
   */
  private Target tagged(String arn) {
    Arns.ResourceArn parts;
    try {
      parts = Arns.resource(arn);
    } catch (dev.berth.model.EcsException malformed) {
      return new Target(arn == null ? "*" : arn, Map.of(), NO_TAGS);
    }
    String path = parts.path();
    int slash = path.indexOf('/');
    String cluster = slash < 0 ? null : path.substring(0, slash);
    String rest = slash < 0 ? path : path.substring(slash + 1);
    Map<String, List<String>> keys = cluster == null ? Map.of() : Map.of("ecs:cluster", List.of(arns.cluster(cluster)));
    Supplier<List<Tag>> tags = switch (parts.type()) {
      case "cluster" -> () -> clusters.get(path).map(c -> c.tags()).orElse(List.of());
      case "task" -> cluster == null ? NO_TAGS : () -> tasks.get(cluster, rest).map(t -> t.tags()).orElse(List.of());
      case "service" -> cluster == null ? NO_TAGS
          : () -> services.get(cluster, rest).map(s -> s.service().tags()).orElse(List.of());
      case "container-instance" -> cluster == null ? NO_TAGS
          : () -> instances.get(cluster, rest).map(ci -> ci.tags()).orElse(List.of());
      case "task-definition" -> () -> {
        try {
          Arns.TaskDefinitionRef ref = Arns.taskDefinitionRef(arn);
          return ref.revision() == null ? List.<Tag>of()
              : definitions.get(ref.family(), ref.revision()).map(d -> d.tags()).orElse(List.of());
        } catch (dev.berth.model.EcsException malformed) {
          return List.of();
        }
      };
      default -> NO_TAGS;
    };
    return new Target(arn, keys, tags);
  }

  /** Service deployments or revisions, each in the cluster its ARN names. */
  private List<Target> serviceChildren(String kind, List<String> refs) {
    List<Target> out = new ArrayList<>();
    for (String ref : refs) {
      Arns.ServiceChild child = Arns.serviceChild(kind, ref);
      out.add(new Target(ref, Map.of("ecs:cluster", List.of(arns.cluster(child.cluster()))), NO_TAGS));
    }
    return out;
  }

  private Target cluster(String name, Map<String, List<String>> keys, boolean exists) {
    return new Target(arns.cluster(name), keys,
        exists ? () -> clusters.get(name).map(c -> c.tags()).orElse(List.of()) : NO_TAGS);
  }

  private Target task(String cluster, String ref, Map<String, List<String>> keys) {
    String id = Arns.resourceId("task", ref, cluster);
    return new Target(arns.task(cluster, id), keys,
        () -> tasks.get(cluster, id).map(t -> t.tags()).orElse(List.of()));
  }

  private Target service(String cluster, String name, Map<String, List<String>> keys, boolean exists) {
    return new Target(arns.service(cluster, name), keys,
        exists ? () -> services.get(cluster, name).map(s -> s.service().tags()).orElse(List.of()) : NO_TAGS);
  }

  /** A task definition as the ARN it resolves to now: a family alone means its latest ACTIVE revision. */
  private String taskDefinition(String ref) {
    Arns.TaskDefinitionRef parsed = Arns.taskDefinitionRef(ref);
    int revision = parsed.revision() != null ? parsed.revision()
        : definitions.latestActive(parsed.family()).map(d -> d.revision()).orElse(0);
    return revision == 0 ? arns.taskDefinition(parsed.family(), 0).replaceFirst(":0$", ":*")
        : arns.taskDefinition(parsed.family(), revision);
  }

  static String text(JsonNode request, String name) {
    JsonNode value = request.get(name);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  static List<String> strings(JsonNode request, String name) {
    List<String> out = new ArrayList<>();
    JsonNode value = request.get(name);
    if (value != null && value.isArray()) {
      value.forEach(v -> {
        if (v.isTextual()) {
          out.add(v.textValue());
        }
      });
    }
    return out;
  }
}
