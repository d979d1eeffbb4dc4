package dev.berth.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.Arns;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceState;

/** ECS's Service and Deployment shapes (the service deployments API's are in {@link ServiceDeploymentShapes}). */
public final class ServiceShapes {
  private final Arns arns;

  public ServiceShapes(Arns arns) {
    this.arns = arns;
  }

  /**
   * A service as DescribeServices and the service operations return it. runningCount and
   * pendingCount add up the deployments' counts, which every reconcile pass refreshes from the
   * tasks; the deployments listed are the PRIMARY and ACTIVE ones.
   */
  public ObjectNode service(ServiceState state, boolean withTags) {
    Service s = state.service();
    ObjectNode o = Shapes.object();
    o.put("serviceArn", arns.service(s.cluster(), s.name()));
    o.put("serviceName", s.name());
    o.put("clusterArn", arns.cluster(s.cluster()));
    ArrayNode loadBalancers = o.putArray("loadBalancers");
    s.loadBalancers().forEach(lb -> loadBalancers.addObject().put("targetGroupArn", lb.targetGroupArn())
        .put("containerName", lb.containerName()).put("containerPort", lb.containerPort()));
    if (s.role() != null) {
      o.put("roleArn", arns.role(s.role()));
    }
    o.putArray("serviceRegistries");
    o.put("status", s.status().name());
    o.put("desiredCount", s.desiredCount());
    var visible = state.visibleDeployments();
    o.put("runningCount", visible.stream().mapToInt(Deployment::runningCount).sum());
    o.put("pendingCount", visible.stream().mapToInt(Deployment::pendingCount).sum());
    o.put("launchType", "EC2");
    o.put("taskDefinition", arns.taskDefinition(s.taskDefinition().family(), s.taskDefinition().revision()));
    o.set("deploymentConfiguration", deploymentConfiguration(s.deploymentConfiguration()));
    if (s.healthCheckGracePeriodSeconds() > 0) {
      o.put("healthCheckGracePeriodSeconds", s.healthCheckGracePeriodSeconds());
    }
    ArrayNode deployments = o.putArray("deployments");
    visible.forEach(d -> deployments.add(deployment(d)));
    state.history().current().ifPresent(d ->
        o.put("currentServiceDeployment", arns.serviceDeployment(s.cluster(), s.name(), d.id())));
    ArrayNode revisions = o.putArray("currentServiceRevisions");
    for (Deployment d : visible) {
      if (d.runningCount() + d.pendingCount() > 0 || d.primary()) {
        state.history().revisionOf(d.id()).ifPresent(r -> revisions.addObject()
            .put("arn", arns.serviceRevision(s.cluster(), s.name(), r))
            .put("requestedTaskCount", d.desiredCount())
            .put("runningTaskCount", d.runningCount())
            .put("pendingTaskCount", d.pendingCount()));
      }
    }
    ArrayNode events = o.putArray("events");
    for (ServiceEvent e : s.events()) {
      ObjectNode n = events.addObject();
      n.put("id", e.id());
      Shapes.time(n, "createdAt", e.createdAt());
      n.put("message", e.message());
    }
    Shapes.time(o, "createdAt", s.createdAt());
    ArrayNode constraints = o.putArray("placementConstraints");
    s.placementConstraints().forEach(c -> {
      ObjectNode n = constraints.addObject().put("type", c.type());
      Shapes.putIfPresent(n, "expression", c.expression());
    });
    ArrayNode strategies = o.putArray("placementStrategy");
    s.placementStrategy().forEach(p -> {
      ObjectNode n = strategies.addObject().put("type", p.type());
      Shapes.putIfPresent(n, "field", p.field());
    });
    o.put("schedulingStrategy", s.schedulingStrategy().name());
    o.putObject("deploymentController").put("type", "ECS");
    o.put("enableECSManagedTags", s.taskTagging().enableECSManagedTags());
    o.put("propagateTags", s.taskTagging().propagateTags());
    o.put("enableExecuteCommand", false);
    if (withTags) {
      Shapes.tags(o, s.tags());
    }
    return o;
  }

  public ObjectNode deployment(Deployment d) {
    ObjectNode o = Shapes.object();
    o.put("id", d.id());
    o.put("status", d.status().name());
    o.put("taskDefinition", arns.taskDefinition(d.taskDefinition().family(), d.taskDefinition().revision()));
    o.put("desiredCount", d.desiredCount());
    o.put("pendingCount", d.pendingCount());
    o.put("runningCount", d.runningCount());
    o.put("failedTasks", d.failedTasks());
    Shapes.time(o, "createdAt", d.createdAt());
    Shapes.time(o, "updatedAt", d.updatedAt());
    o.put("launchType", "EC2");
    o.put("rolloutState", d.rolloutState().name());
    Shapes.putIfPresent(o, "rolloutStateReason", d.rolloutStateReason());
    return o;
  }

  static ObjectNode deploymentConfiguration(DeploymentConfiguration c) {
    ObjectNode o = Shapes.object();
    o.putObject("deploymentCircuitBreaker")
        .put("enable", c.deploymentCircuitBreaker().enable())
        .put("rollback", c.deploymentCircuitBreaker().rollback());
    o.put("maximumPercent", c.maximumPercent());
    o.put("minimumHealthyPercent", c.minimumHealthyPercent());
    return o;
  }
}
