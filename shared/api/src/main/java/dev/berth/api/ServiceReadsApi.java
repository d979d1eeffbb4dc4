package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.services.ServiceQueries;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.ServiceShapes;
import dev.berth.protocol.Shapes;
import java.util.Map;
import javax.inject.Inject;

/** DescribeServices and ListServices. */
public final class ServiceReadsApi {
  private final ServiceQueries services;
  private final Shapes shapes;
  private final ServiceShapes serviceShapes;

  @Inject
  public ServiceReadsApi(ServiceQueries services, Shapes shapes, ServiceShapes serviceShapes) {
    this.services = services;
    this.shapes = shapes;
    this.serviceShapes = serviceShapes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "DescribeServices", this::describeServices,
        "ListServices", this::listServices);
  }

  ObjectNode describeServices(Json request) {
    String cluster = Decode.cluster(request);
    boolean withTags = Decode.include(request).contains("TAGS");
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
    Shapes.putIfPresent(response, "nextToken", page.nextToken());
    return response;
  }
}
