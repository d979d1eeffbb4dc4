package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.Page;
import dev.berth.core.clusters.Clusters;
import dev.berth.model.Arns;
import dev.berth.model.Cluster;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;

/** DescribeClusters and ListClusters. */
public final class ClusterReadsApi {
  private final Clusters clusters;
  private final Shapes shapes;

  @Inject
  public ClusterReadsApi(Clusters clusters, Shapes shapes) {
    this.clusters = clusters;
    this.shapes = shapes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "DescribeClusters", this::describeClusters,
        "ListClusters", this::listClusters);
  }

  ObjectNode describeClusters(Json request) {
    List<String> refs = request.strings("clusters");
    if (refs == null || refs.isEmpty()) {
      refs = List.of("default");
    }
    if (refs.size() > 100) {
      throw EcsException.invalidParameter("At most 100 clusters can be described at once.");
    }
    Set<String> include = Decode.include(request);
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
    Page<Cluster> page = Page.of(clusters.listed(), Cluster::name, request.integer("maxResults"),
        request.string("nextToken"), 100);
    ObjectNode response = Shapes.object();
    ArrayNode arns = response.putArray("clusterArns");
    page.items().forEach(c -> arns.add(shapes.arns().cluster(c.name())));
    Shapes.putIfPresent(response, "nextToken", page.nextToken());
    return response;
  }
}
