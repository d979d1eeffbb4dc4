package dev.berth.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.Arns;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceDeployment;
import dev.berth.model.service.ServiceRevision;

/** ECS's ServiceDeploymentBrief, ServiceDeployment and ServiceRevision shapes. */
public final class ServiceDeploymentShapes {
  private final Arns arns;

  public ServiceDeploymentShapes(Arns arns) {
    this.arns = arns;
  }

  public ObjectNode brief(Service service, ServiceDeployment d) {
    ObjectNode o = common(service, d);
    o.put("targetServiceRevisionArn", revisionArn(service, d.target().revisionId()));
    return o;
  }

  public ObjectNode deployment(Service service, ServiceDeployment d) {
    ObjectNode o = common(service, d);
    Shapes.time(o, "stoppedAt", d.stoppedAt());
    Shapes.time(o, "updatedAt", d.updatedAt());
    ArrayNode sources = o.putArray("sourceServiceRevisions");
    d.sources().forEach(s -> sources.add(summary(service, s)));
    o.set("targetServiceRevision", summary(service, d.target()));
    DeploymentConfiguration c = d.deploymentConfiguration();
    if (c != null) {
      o.set("deploymentConfiguration", ServiceShapes.deploymentConfiguration(c));
      ObjectNode breaker = o.putObject("deploymentCircuitBreaker");
      breaker.put("status", breakerStatus(d, c));
      breaker.put("failureCount", d.failedTasks());
      breaker.put("threshold", DeploymentCircuitBreaker.threshold(d.target().requested()));
    }
    o.putObject("alarms").put("status", "DISABLED");
    if (d.rollback() != null) {
      ObjectNode r = o.putObject("rollback");
      Shapes.putIfPresent(r, "reason", d.rollback().reason());
      Shapes.time(r, "startedAt", d.rollback().startedAt());
      r.put("serviceRevisionArn", revisionArn(service, d.rollback().revisionId()));
    }
    return o;
  }

  public ObjectNode revision(Service service, ServiceRevision r) {
    ObjectNode o = Shapes.object();
    o.put("serviceRevisionArn", revisionArn(service, r.id()));
    o.put("serviceArn", arns.service(service.cluster(), service.name()));
    o.put("clusterArn", arns.cluster(service.cluster()));
    o.put("taskDefinition", arns.taskDefinition(r.taskDefinition().family(), r.taskDefinition().revision()));
    o.put("launchType", "EC2");
    o.putArray("loadBalancers");
    o.putArray("serviceRegistries");
    o.putArray("containerImages");
    o.put("guardDutyEnabled", false);
    Shapes.time(o, "createdAt", r.createdAt());
    return o;
  }

  private ObjectNode common(Service service, ServiceDeployment d) {
    ObjectNode o = Shapes.object();
    o.put("serviceDeploymentArn", arns.serviceDeployment(service.cluster(), service.name(), d.id()));
    o.put("serviceArn", arns.service(service.cluster(), service.name()));
    o.put("clusterArn", arns.cluster(service.cluster()));
    Shapes.time(o, "createdAt", d.createdAt());
    Shapes.time(o, "startedAt", d.startedAt());
    Shapes.time(o, "finishedAt", d.finishedAt());
    o.put("status", d.status().name());
    Shapes.putIfPresent(o, "statusReason", d.statusReason());
    return o;
  }

  private ObjectNode summary(Service service, ServiceDeployment.RevisionCounts c) {
    ObjectNode o = Shapes.object();
    o.put("arn", revisionArn(service, c.revisionId()));
    o.put("requestedTaskCount", c.requested());
    o.put("runningTaskCount", c.running());
    o.put("pendingTaskCount", c.pending());
    return o;
  }

  private String revisionArn(Service service, String id) {
    return arns.serviceRevision(service.cluster(), service.name(), id);
  }

  /** TRIGGERED once it failed the deployment, MONITORING while it runs, then MONITORING_COMPLETE. */
  private static String breakerStatus(ServiceDeployment d, DeploymentConfiguration c) {
    if (!c.deploymentCircuitBreaker().enable()) {
      return "DISABLED";
    }
    if (d.statusReason() != null && d.statusReason().contains("circuit breaker")) {
      return "TRIGGERED";
    }
    return d.status().completed() ? "MONITORING_COMPLETE" : "MONITORING";
  }
}
