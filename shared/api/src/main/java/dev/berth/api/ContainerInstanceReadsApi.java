package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.Page;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import dev.berth.scheduler.MemberOf;
import dev.berth.scheduler.query.Expression;
import dev.berth.scheduler.query.QueryParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/** DescribeContainerInstances and ListContainerInstances. */
public final class ContainerInstanceReadsApi {
  private static final List<String> STATUSES =
      List.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED");

  private final Clusters clusters;
  private final ContainerInstanceStore instances;
  private final TaskStore tasks;
  private final Shapes shapes;

  @Inject
  public ContainerInstanceReadsApi(Clusters clusters, ContainerInstanceStore instances, TaskStore tasks,
      Shapes shapes) {
    this.clusters = clusters;
    this.instances = instances;
    this.tasks = tasks;
    this.shapes = shapes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "DescribeContainerInstances", this::describeContainerInstances,
        "ListContainerInstances", this::listContainerInstances);
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
    boolean withTags = Decode.include(request).contains("TAGS");
    ObjectNode response = Shapes.object();
    ArrayNode found = response.putArray("containerInstances");
    ArrayNode failures = response.putArray("failures");
    for (String ref : refs) {
      Optional<ContainerInstance> instance = instances.get(cluster, Arns.resourceId("container-instance", ref, cluster));
      if (instance.isPresent()) {
        int[] counts = Clusters.taskCounts(instance.get(), tasks.listByContainerInstance(instance.get().id()));
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
    if (status != null && !STATUSES.contains(status)) {
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
    Shapes.putIfPresent(response, "nextToken", page.nextToken());
    return response;
  }
}
