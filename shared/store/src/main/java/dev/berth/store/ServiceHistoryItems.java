package dev.berth.store;

import static dev.berth.store.Items.list;
import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;
import static dev.berth.store.Items.time;

import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.ServiceDeployment;
import dev.berth.model.service.ServiceDeploymentStatus;
import dev.berth.model.service.ServiceHistory;
import dev.berth.model.service.ServiceRevision;
import dev.berth.model.service.TaskDefinitionRevision;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A service's history (revisions and service deployments) as one map attribute of its item. */
final class ServiceHistoryItems {

  static AttributeValue value(ServiceHistory history) {
    return Items.map(Map.of(
        "revisions", list(history.revisions(), r -> {
          var m = Items.item();
          m.put("id", s(r.id()));
          m.put("family", s(r.taskDefinition().family()));
          m.put("revision", n(r.taskDefinition().revision()));
          Items.put(m, "createdAt", r.createdAt());
          return m;
        }),
        "deployments", list(history.deployments(), ServiceHistoryItems::deploymentValue)));
  }

  static ServiceHistory from(Map<String, AttributeValue> m) {
    if (m == null) {
      return ServiceHistory.EMPTY;
    }
    return new ServiceHistory(
        list(m, "revisions", r -> new ServiceRevision(str(r, "id"),
            new TaskDefinitionRevision(str(r, "family"), (int) num(r, "revision")), time(r, "createdAt"))),
        list(m, "deployments", ServiceHistoryItems::deploymentFrom));
  }

  private static Map<String, AttributeValue> deploymentValue(ServiceDeployment d) {
    var m = Items.item();
    m.put("id", s(d.id()));
    m.put("deploymentId", s(d.deploymentId()));
    m.put("target", Items.map(countsValue(d.target())));
    m.put("sources", list(d.sources(), ServiceHistoryItems::countsValue));
    m.put("status", s(d.status().name()));
    Items.put(m, "statusReason", d.statusReason());
    DeploymentConfiguration c = d.deploymentConfiguration();
    if (c != null) {
      m.put("maximumPercent", n(c.maximumPercent()));
      m.put("minimumHealthyPercent", n(c.minimumHealthyPercent()));
      m.put("breakerEnable", Items.bool(c.deploymentCircuitBreaker().enable()));
      m.put("breakerRollback", Items.bool(c.deploymentCircuitBreaker().rollback()));
    }
    m.put("failedTasks", n(d.failedTasks()));
    Items.put(m, "createdAt", d.createdAt());
    Items.put(m, "startedAt", d.startedAt());
    Items.put(m, "finishedAt", d.finishedAt());
    Items.put(m, "stoppedAt", d.stoppedAt());
    Items.put(m, "updatedAt", d.updatedAt());
    if (d.rollback() != null) {
      var r = Items.item();
      Items.put(r, "reason", d.rollback().reason());
      Items.put(r, "startedAt", d.rollback().startedAt());
      r.put("revisionId", s(d.rollback().revisionId()));
      r.put("deploymentId", s(d.rollback().deploymentId()));
      m.put("rollback", Items.map(r));
    }
    return m;
  }

  private static ServiceDeployment deploymentFrom(Map<String, AttributeValue> m) {
    var r = Items.sub(m, "rollback");
    DeploymentConfiguration c = m.containsKey("maximumPercent")
        ? new DeploymentConfiguration((int) num(m, "maximumPercent"), (int) num(m, "minimumHealthyPercent"),
            new DeploymentCircuitBreaker(Items.bool(m, "breakerEnable"), Items.bool(m, "breakerRollback")))
        : null;
    return new ServiceDeployment(str(m, "id"), str(m, "deploymentId"), countsFrom(Items.sub(m, "target")),
        list(m, "sources", ServiceHistoryItems::countsFrom), ServiceDeploymentStatus.valueOf(str(m, "status")),
        str(m, "statusReason"), c, (int) num(m, "failedTasks"), time(m, "createdAt"), time(m, "startedAt"),
        time(m, "finishedAt"), time(m, "stoppedAt"), time(m, "updatedAt"),
        r == null ? null : new ServiceDeployment.Rollback(str(r, "reason"), time(r, "startedAt"),
            str(r, "revisionId"), str(r, "deploymentId")));
  }

  private static Map<String, AttributeValue> countsValue(ServiceDeployment.RevisionCounts c) {
    return Map.of("revisionId", s(c.revisionId()), "requested", n(c.requested()), "running", n(c.running()),
        "pending", n(c.pending()));
  }

  private static ServiceDeployment.RevisionCounts countsFrom(Map<String, AttributeValue> m) {
    return new ServiceDeployment.RevisionCounts(str(m, "revisionId"), (int) num(m, "requested"),
        (int) num(m, "running"), (int) num(m, "pending"));
  }

  private ServiceHistoryItems() {}
}
