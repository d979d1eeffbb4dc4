package dev.berth.core.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.Page;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.services.ServiceQueries;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.core.taskdefs.TaskDefinitions;
import dev.berth.core.tasks.Tasks;
import dev.berth.model.Arns;
import dev.berth.model.Cluster;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.Names;
import dev.berth.model.TaskDefinition;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.ServiceShapes;
import dev.berth.protocol.Shapes;
import dev.berth.scheduler.MemberOf;
import dev.berth.scheduler.query.Expression;
import dev.berth.scheduler.query.QueryParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.inject.Inject;

/** The reads function's operations: every Describe* and List*. */
public final class ReadsApi {
  private final Clusters clusters;
  private final ContainerInstanceStore instances;
  private final TaskStore taskStore;
  private final TaskDefinitions definitions;
  private final Tasks tasks;
  private final ServiceQueries services;
  private final Shapes shapes;
  private final ServiceShapes serviceShapes;
  private final TaskProtectionApi protection;
  private final ServiceDeploymentsApi deployments;

  @Inject
  public ReadsApi(Clusters clusters, ContainerInstanceStore instances, TaskStore taskStore,
      TaskDefinitions definitions, Tasks tasks, ServiceQueries services, Shapes shapes, ServiceShapes serviceShapes,
      TaskProtectionApi protection, ServiceDeploymentsApi deployments) {
    this.protection = protection;
    this.deployments = deployments;
    this.services = services;
    this.serviceShapes = serviceShapes;
    this.clusters = clusters;
    this.instances = instances;
    this.taskStore = taskStore;
    this.definitions = definitions;
    this.tasks = tasks;
    this.shapes = shapes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.ofEntries(
        Map.entry("DescribeServices", this::describeServices),
        Map.entry("ListServices", this::listServices),
        Map.entry("DescribeClusters", this::describeClusters),
        Map.entry("ListClusters", this::listClusters),
        Map.entry("DescribeContainerInstances", this::describeContainerInstances),
        Map.entry("ListContainerInstances", this::listContainerInstances),
        Map.entry("DescribeTaskDefinition", this::describeTaskDefinition),
        Map.entry("ListTaskDefinitions", this::listTaskDefinitions),
        Map.entry("ListTaskDefinitionFamilies", this::listTaskDefinitionFamilies),
        Map.entry("DescribeTasks", this::describeTasks),
        Map.entry("ListTasks", this::listTasks),
        Map.entry("GetTaskProtection", protection::get),
        Map.entry("ListServiceDeployments", deployments::list),
        Map.entry("DescribeServiceDeployments", deployments::describe),
        Map.entry("DescribeServiceRevisions", deployments::describeRevisions));
  }

  ObjectNode describeClusters(Json request) {
    List<String> refs = request.strings("clusters");
    if (refs == null || refs.isEmpty()) {
      refs = List.of("default");
    }
    if (refs.size() > 100) {
      throw EcsException.invalidParameter("At most 100 clusters can be described at once.");
    }
    java.util.Set<String> include = include(request);
    ObjectNode response = Shapes.object();
    ArrayNode found = response.putArray("clusters");
    ArrayNode failures = response.putArray("failures");
    for (String ref : refs) {
      Optional<Cluster> cluster = Optional.empty();
      String name = ref;
      try {
        name = Arns.clusterName(ref);
        cluster = clusters.find(name);
      } catch (EcsException malformed) {
        // an unusable name is simply not found
      }
      if (cluster.isPresent()) {
        found.add(shapes.cluster(cluster.get(), clusters.counts(cluster.get()), include));
      } else {
        failures.add(Shapes.failure(ref.startsWith("arn:") ? ref : shapes.arns().cluster(name), "MISSING", null));
      }
    }
    return response;
  }

  ObjectNode listClusters(Json request) {
    Page<Cluster> page = Page.of(clusters.listed(), Cluster::name, request.integer("maxResults"), request.string("nextToken"), 100);
    ObjectNode response = Shapes.object();
    ArrayNode arns = response.putArray("clusterArns");
    page.items().forEach(c -> arns.add(shapes.arns().cluster(c.name())));
    putToken(response, page);
    return response;
  }

  ObjectNode describeContainerInstances(Json request) {
    String cluster = Decode.cluster(request);
    clusters.require(cluster);
    List<String> refs = request.strings("containerInstances");
    if (refs == null || refs.isEmpty()) {
      throw EcsException.invalidParameter("Container instances cannot be empty.");
    }
    if (refs.size() > 100) {
      throw EcsException.invalidParameter("At most 100 container instances can be described at once.");
    }
    boolean withTags = include(request).contains("TAGS");
    ObjectNode response = Shapes.object();
    ArrayNode found = response.putArray("containerInstances");
    ArrayNode failures = response.putArray("failures");
    for (String ref : refs) {
      Optional<ContainerInstance> instance = instances.get(cluster, Arns.resourceId("container-instance", ref, cluster));
      if (instance.isPresent()) {
        int[] counts = Clusters.taskCounts(instance.get(), taskStore.listByContainerInstance(instance.get().id()));
        found.add(shapes.containerInstance(instance.get(), counts[0], counts[1], withTags));
      } else {
        failures.add(Shapes.failure(ref, "MISSING", null));
      }
    }
    return response;
  }

  ObjectNode listContainerInstances(Json request) {
    String cluster = Decode.cluster(request);
    clusters.require(cluster);
    String filterText = request.string("filter");
    Expression filter = filterText == null ? null : QueryParser.parse(filterText);
    String status = request.string("status");
    if (status != null && !List.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED")
        .contains(status)) {
      throw EcsException.invalidParameter("Invalid status: " + status);
    }
    List<ContainerInstance> matching = instances.inCluster(cluster).stream()
        .filter(ci -> status == null ? !ContainerInstance.INACTIVE.equals(ci.status()) : status.equals(ci.status()))
        .filter(ci -> filter == null || MemberOf.matches(filter, ci))
        .toList();
    Page<ContainerInstance> page = Page.of(matching, ContainerInstance::id, request.integer("maxResults"),
        request.string("nextToken"), 100);
    ObjectNode response = Shapes.object();
    ArrayNode arns = response.putArray("containerInstanceArns");
    page.items().forEach(ci -> arns.add(shapes.arns().containerInstance(cluster, ci.id())));
    putToken(response, page);
    return response;
  }

  ObjectNode describeTaskDefinition(Json request) {
    TaskDefinition definition = definitions.resolve(request.requiredString("taskDefinition"));
    ObjectNode response = Shapes.object();
    response.set("taskDefinition", shapes.taskDefinition(definition));
    List<String> include = request.strings("include");
    if (include != null && include.contains("TAGS")) {
      Shapes.tags(response, definition.tags());
    }
    return response;
  }

  ObjectNode listTaskDefinitions(Json request) {
    String prefix = request.string("familyPrefix");
    String status = request.string("status");
    String wanted = status == null ? TaskDefinition.ACTIVE : status;
    if (!List.of("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS").contains(wanted)) {
      throw EcsException.invalidParameter("Invalid status: " + status);
    }
    String sort = request.string("sort");
    if (sort != null && !sort.equals("ASC") && !sort.equals("DESC")) {
      throw EcsException.invalidParameter("sort must be ASC or DESC.");
    }
    Comparator<String> order = "DESC".equals(sort) ? Comparator.reverseOrder() : Comparator.naturalOrder();
    List<TaskDefinition> matching = definitions.all().stream()
        .filter(d -> prefix == null || d.family().equals(prefix)) // ECS: the full family name
        .filter(d -> d.status().equals(wanted))
        .sorted(Comparator.comparing(ReadsApi::sortKey, order))
        .toList();
    Page<TaskDefinition> page = "DESC".equals(sort)
        ? Page.of(matching, d -> invert(sortKey(d)), request.integer("maxResults"), request.string("nextToken"), 100)
        : Page.of(matching, ReadsApi::sortKey, request.integer("maxResults"), request.string("nextToken"), 100);
    ObjectNode response = Shapes.object();
    ArrayNode arns = response.putArray("taskDefinitionArns");
    page.items().forEach(d -> arns.add(shapes.arns().taskDefinition(d.family(), d.revision())));
    putToken(response, page);
    return response;
  }

  ObjectNode listTaskDefinitionFamilies(Json request) {
    String prefix = request.string("familyPrefix");
    String status = request.string("status");
    String wanted = status == null ? "ALL" : status;
    if (!List.of("ACTIVE", "INACTIVE", "ALL").contains(wanted)) {
      throw EcsException.invalidParameter("Invalid status: " + status);
    }
    Map<String, Boolean> familyActive = new TreeMap<>();
    for (TaskDefinition d : definitions.all()) {
      if (prefix == null || d.family().startsWith(prefix)) {
        familyActive.merge(d.family(), d.active(), Boolean::logicalOr);
      }
    }
    List<String> families = new ArrayList<>();
    familyActive.forEach((family, active) -> {
      if (wanted.equals("ALL") || wanted.equals("ACTIVE") == active) {
        families.add(family);
      }
    });
    Page<String> page = Page.of(families, f -> f, request.integer("maxResults"), request.string("nextToken"), 100);
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("families");
    page.items().forEach(list::add);
    putToken(response, page);
    return response;
  }

  ObjectNode describeTasks(Json request) {
    String cluster = Decode.cluster(request);
    var described = tasks.describe(cluster, request.strings("tasks"));
    ObjectNode response = Shapes.object();
    ArrayNode found = response.putArray("tasks");
    boolean withTags = include(request).contains("TAGS");
    described.tasks().forEach(t -> found.add(shapes.task(t, withTags)));
    ArrayNode failures = response.putArray("failures");
    described.missing().forEach(ref -> failures.add(Shapes.failure(
        ref.startsWith("arn:") ? ref : shapes.arns().task(cluster, ref), "MISSING", null)));
    return response;
  }

  ObjectNode listTasks(Json request) {
    String cluster = Decode.cluster(request);
    var filter = new Tasks.Filter(request.string("containerInstance"), request.string("family"),
        request.string("serviceName"), request.string("startedBy"), request.string("desiredStatus"),
        request.string("launchType"));
    var page = tasks.list(cluster, filter, request.integer("maxResults"), request.string("nextToken"));
    ObjectNode response = Shapes.object();
    ArrayNode arns = response.putArray("taskArns");
    page.items().forEach(t -> arns.add(shapes.arns().task(cluster, t.id())));
    putToken(response, page);
    return response;
  }

  ObjectNode describeServices(Json request) {
    String cluster = Decode.cluster(request);
    List<String> include = request.strings("include");
    boolean withTags = include != null && include.contains("TAGS");
    var described = services.describe(cluster, request.strings("services"));
    ObjectNode response = Shapes.object();
    ArrayNode found = response.putArray("services");
    described.services().forEach(sv -> found.add(serviceShapes.service(sv, withTags)));
    ArrayNode failures = response.putArray("failures");
    described.missing().forEach(ref -> failures.add(Shapes.failure(
        ref.startsWith("arn:") ? ref : shapes.arns().service(cluster, ref), "MISSING", null)));
    return response;
  }

  ObjectNode listServices(Json request) {
    String cluster = Decode.cluster(request);
    var page = services.list(cluster, request.string("launchType"), request.string("schedulingStrategy"),
        request.string("resourceManagementType"), request.integer("maxResults"), request.string("nextToken"));
    ObjectNode response = Shapes.object();
    ArrayNode arns = response.putArray("serviceArns");
    page.items().forEach(name -> arns.add(shapes.arns().service(cluster, name)));
    putToken(response, page);
    return response;
  }

  private static String sortKey(TaskDefinition d) {
    return d.family() + ":" + String.format("%010d", d.revision());
  }

  /** Reverses string order for DESC paging (keys are ASCII; maps each char c to 0xFFFF - c). */
  private static String invert(String key) {
    StringBuilder out = new StringBuilder(key.length());
    key.chars().forEach(c -> out.append((char) (0xFFFF - c)));
    return out.toString();
  }

  /** A Describe call's {@code include} list (the model has already checked its values). */
  private static java.util.Set<String> include(Json request) {
    List<String> include = request.strings("include");
    return include == null ? java.util.Set.of() : java.util.Set.copyOf(include);
  }

  private static void putToken(ObjectNode response, Page<?> page) {
    if (page.nextToken() != null) {
      response.put("nextToken", page.nextToken());
    }
  }
}
