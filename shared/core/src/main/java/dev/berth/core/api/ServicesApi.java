package dev.berth.core.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.services.ServiceRequests;
import dev.berth.core.services.Services;
import dev.berth.core.taskdefs.TaskDefinitionRequest;
import dev.berth.model.EcsException;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.ServiceShapes;
import dev.berth.protocol.Shapes;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/** The services function's operations: CreateService, UpdateService, DeleteService. */
public final class ServicesApi {
  private final Services services;
  private final ServiceShapes shapes;

  @Inject
  public ServicesApi(Services services, ServiceShapes shapes) {
    this.services = services;
    this.shapes = shapes;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "CreateService", this::createService,
        "UpdateService", this::updateService,
        "DeleteService", this::deleteService);
  }

  ObjectNode createService(Json request) {
    unsupported(request);
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
        loadBalancers(request),
        request.string("role"));
    return serviceResponse(services.create(create));
  }

  ObjectNode updateService(Json request) {
    unsupported(request);
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
    if (c.has("alarms") && c.object("alarms").bool("enable") == Boolean.TRUE) {
      throw EcsException.invalidParameter("Berth does not support deployment alarms.");
    }
    return new ServiceRequests.DeploymentPatch(c.integer("maximumPercent"), c.integer("minimumHealthyPercent"), cb);
  }

  /** What ECS offers that Berth does not: refused plainly rather than ignored. */
  private static void unsupported(Json request) {
    String launchType = request.string("launchType");
    if (launchType != null && !launchType.equals("EC2")) {
      throw EcsException.invalidParameter("Berth runs services with the EC2 launch type only.");
    }
    Json controller = request.object("deploymentController");
    if (controller != null && controller.string("type") != null && !"ECS".equals(controller.string("type"))) {
      throw EcsException.invalidParameter("Berth supports the ECS (rolling update) deployment controller only.");
    }
    for (String member : List.of("serviceRegistries", "capacityProviderStrategy")) {
      List<Json> given = request.objects(member);
      if (given != null && !given.isEmpty()) {
        throw EcsException.invalidParameter("Berth does not support " + member + " yet.");
      }
    }
  }
}
