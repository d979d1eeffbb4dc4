package dev.berth.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.services.ServiceRequests;
import dev.berth.core.services.Services;
import dev.berth.model.EcsException;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.ServiceState;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.ServiceShapes;
import dev.berth.protocol.Shapes;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/** The services function's operations: CreateService, UpdateService, DeleteService,
 * UpdateTaskProtection, StopServiceDeployment. */
public final class ServicesApi {
  private final Services services;
  private final ServiceShapes shapes;
  private final TaskProtectionApi protection;
  private final ServiceDeploymentsApi deployments;

  @Inject
  public ServicesApi(Services services, ServiceShapes shapes, TaskProtectionApi protection,
      ServiceDeploymentsApi deployments) {
    this.services = services;
    this.shapes = shapes;
    this.protection = protection;
    this.deployments = deployments;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "CreateService", this::createService,
        "UpdateService", this::updateService,
        "DeleteService", this::deleteService,
        "UpdateTaskProtection", protection::update,
        "StopServiceDeployment", deployments::stop);
  }

  ObjectNode createService(Json request) {
    String strategy = request.string("schedulingStrategy");
    var create = new ServiceRequests.Create(
        Decode.cluster(request),
        request.requiredString("serviceName"),
        request.string("taskDefinition", 2048),
        request.integer("desiredCount"),
        schedulingStrategy(strategy),
        deploymentConfiguration(request),
        Decode.constraints(request),
        Decode.strategies(request),
        request.string("clientToken"),
        TaskDefinitionRequest.tags(request),
        request.integer("healthCheckGracePeriodSeconds"),
        Decode.taskTagging(request),
        loadBalancers(request),
        request.string("role"));
    return serviceResponse(services.create(create));
  }

  ObjectNode updateService(Json request) {
    Boolean force = request.bool("forceNewDeployment");
    var update = new ServiceRequests.Update(
        Decode.cluster(request),
        request.requiredString("service"),
        request.integer("desiredCount"),
        request.string("taskDefinition", 2048),
        deploymentConfiguration(request),
        request.has("placementConstraints") ? Decode.constraints(request) : null,
        request.has("placementStrategy") ? Decode.strategies(request) : null,
        force != null && force,
        request.integer("healthCheckGracePeriodSeconds"),
        request.string("propagateTags"),
        request.bool("enableECSManagedTags"),
        request.has("loadBalancers") ? loadBalancers(request) : null);
    return serviceResponse(services.update(update));
  }

  ObjectNode deleteService(Json request) {
    Boolean force = request.bool("force");
    return serviceResponse(services.delete(Decode.cluster(request), request.requiredString("service"),
        force != null && force));
  }

  private ObjectNode serviceResponse(ServiceState state) {
    ObjectNode response = Shapes.object();
    response.set("service", shapes.service(state, true));
    return response;
  }

  private static List<ServiceRequests.LoadBalancerEntry> loadBalancers(Json request) {
    List<ServiceRequests.LoadBalancerEntry> given = request.objects("loadBalancers", lb -> {
      if (lb.has("advancedConfiguration")) {
        throw EcsException.invalidParameter(
            "advancedConfiguration is for blue/green deployments, which Berth does not support.");
      }
      return new ServiceRequests.LoadBalancerEntry(lb.string("targetGroupArn"), lb.string("loadBalancerName"),
          lb.string("containerName"), lb.integer("containerPort"));
    });
    return given == null ? List.of() : given;
  }

  private static SchedulingStrategy schedulingStrategy(String value) {
    if (value == null) {
      return SchedulingStrategy.REPLICA;
    }
    try {
      return SchedulingStrategy.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw EcsException.invalidParameter("schedulingStrategy must be REPLICA or DAEMON.");
    }
  }

  private static ServiceRequests.DeploymentPatch deploymentConfiguration(Json request) {
    Json c = request.object("deploymentConfiguration");
    if (c == null) {
      return ServiceRequests.DeploymentPatch.NONE;
    }
    Json breaker = c.object("deploymentCircuitBreaker");
    DeploymentCircuitBreaker cb = null;
    if (breaker != null) {
      Boolean enable = breaker.bool("enable");
      Boolean rollback = breaker.bool("rollback");
      if (enable == null || rollback == null) {
        throw EcsException.invalidParameter("deploymentCircuitBreaker needs both enable and rollback.");
      }
      cb = new DeploymentCircuitBreaker(enable, rollback);
    }
    return new ServiceRequests.DeploymentPatch(c.integer("maximumPercent"), c.integer("minimumHealthyPercent"), cb);
  }
}
