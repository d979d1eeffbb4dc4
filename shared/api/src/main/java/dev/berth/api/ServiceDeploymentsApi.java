package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.Page;
import dev.berth.core.services.ServiceDeployments;
import dev.berth.core.services.ServiceRollbacks;
import dev.berth.model.Arns;
import dev.berth.protocol.Json;
import dev.berth.protocol.ServiceDeploymentShapes;
import dev.berth.protocol.Shapes;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Provider;

/**
 * The service deployments API: ListServiceDeployments, DescribeServiceDeployments and
 * DescribeServiceRevisions (served by the reads function) and StopServiceDeployment (served by
 * the services function, the only one that changes services). The rollbacks are looked up lazily,
 * so the reads function never builds what only a change needs.
 */
public final class ServiceDeploymentsApi {
  private final ServiceDeployments deployments;
  private final Provider<ServiceRollbacks> rollbacks;
  private final ServiceDeploymentShapes shapes;
  private final Arns arns;

  @Inject
  public ServiceDeploymentsApi(ServiceDeployments deployments, Provider<ServiceRollbacks> rollbacks,
      ServiceDeploymentShapes shapes, Arns arns) {
    this.deployments = deployments;
    this.rollbacks = rollbacks;
    this.shapes = shapes;
    this.arns = arns;
  }

  ObjectNode list(Json request) {
    Json created = request.object("createdAt");
    Page<ServiceDeployments.Found> page = deployments.list(Decode.cluster(request), request.requiredString("service"),
        request.strings("status"), created == null ? null : created.timestamp("after"),
        created == null ? null : created.timestamp("before"), request.integer("maxResults"),
        request.string("nextToken"));
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("serviceDeployments");
    page.items().forEach(f -> list.add(shapes.brief(f.service().service(), f.deployment())));
    Shapes.putIfPresent(response, "nextToken", page.nextToken());
    return response;
  }

  ObjectNode describe(Json request) {
    var described = deployments.describe(request.strings("serviceDeploymentArns"));
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("serviceDeployments");
    described.found().forEach(f -> list.add(shapes.deployment(f.service().service(), f.deployment())));
    failures(response, described.missing());
    return response;
  }

  ObjectNode describeRevisions(Json request) {
    var described = deployments.describeRevisions(request.strings("serviceRevisionArns"));
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("serviceRevisions");
    described.found().forEach(f -> list.add(shapes.revision(f.service().service(), f.revision())));
    failures(response, described.missing());
    return response;
  }

  ObjectNode stop(Json request) {
    var stopped = rollbacks.get().stop(request.requiredString("serviceDeploymentArn"));
    var service = stopped.service().service();
    ObjectNode response = Shapes.object();
    response.put("serviceDeploymentArn", arns.serviceDeployment(service.cluster(), service.name(),
        stopped.deployment().id()));
    return response;
  }

  private static void failures(ObjectNode response, List<String> missing) {
    ArrayNode failures = response.putArray("failures");
    missing.forEach(arn -> failures.add(Shapes.failure(arn, "MISSING", null)));
  }
}
