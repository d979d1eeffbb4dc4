package dev.berth.store;

import static dev.berth.store.Items.list;
import static dev.berth.store.Items.n;
import static dev.berth.store.Items.num;
import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;
import static dev.berth.store.Items.time;

import dev.berth.core.store.ServiceStore;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PlacementStrategy;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentCircuitBreaker;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.LoadBalancer;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.ServiceThrottle;
import dev.berth.model.service.Target;
import dev.berth.model.service.TaskDefinitionRevision;
import dev.berth.model.service.TaskTargets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The service item layout, and that of the items kept beside it, in one place. Besides the
 * service's state an item carries the reconciler's bookkeeping, which {@link ServiceStore} manages:
 * {@code wakeups} (a counter every trigger bumps), {@code passedWakeups} (the count the last saved
 * pass read before it read the tasks), {@code dueAt} (set while the service needs a pass; the sparse
 * index the sweep reads), {@code leaseOwner}/{@code leaseUntil} (the pass that holds the service)
 * and {@code leases} (how many leases were taken: the newest one's number).
 *
 * <p>Items written before the task ids and the targets moved out carry them too: {@code taskIds}, a
 * string set, and {@code targets}, a map by task id. They are read only to be moved ({@link
 * #legacyTargets}).
 */
final class ServiceItems {
  static final String DUE_AT = "dueAt";
  static final String WAKEUPS = "wakeups";
  static final String PASSED_WAKEUPS = "passedWakeups";
  static final String LEASE_OWNER = "leaseOwner";
  static final String LEASE_UNTIL = "leaseUntil";
  static final String LEASES = "leases";
  static final String TASK_IDS = "taskIds";
  static final String TARGETS = "targets";
  static final String HEALTHY = "healthy";
  /** On a target record: the number of the lease that wrote it. */
  static final String LEASE = "lease";

  /** The state's attributes, keys and version excluded (the store sets those itself). */
  static Map<String, AttributeValue> stateAttributes(ServiceState state) {
    Service sv = state.service();
    var item = Items.item();
    item.put("status", s(sv.status().name()));
    item.put("family", s(sv.taskDefinition().family()));
    item.put("revision", n(sv.taskDefinition().revision()));
    item.put("desiredCount", n(sv.desiredCount()));
    item.put("schedulingStrategy", s(sv.schedulingStrategy().name()));
    DeploymentConfiguration dc = sv.deploymentConfiguration();
    item.put("maximumPercent", n(dc.maximumPercent()));
    item.put("minimumHealthyPercent", n(dc.minimumHealthyPercent()));
    item.put("healthCheckGracePeriodSeconds", n(sv.healthCheckGracePeriodSeconds()));
    item.put("circuitBreaker", Items.map(Map.of(
        "enable", Items.bool(dc.deploymentCircuitBreaker().enable()),
        "rollback", Items.bool(dc.deploymentCircuitBreaker().rollback()))));
    item.put("placementConstraints", list(sv.placementConstraints(), c -> {
      var m = Items.item();
      Items.put(m, "type", c.type());
      Items.put(m, "expression", c.expression());
      return m;
    }));
    item.put("placementStrategy", list(sv.placementStrategy(), p -> {
      var m = Items.item();
      Items.put(m, "type", p.type());
      Items.put(m, "field", p.field());
      return m;
    }));
    item.put("createdAt", time(sv.createdAt()));
    item.put("events", list(sv.events(), e -> Map.of(
        "id", s(e.id()), "createdAt", time(e.createdAt()), "message", s(e.message()))));
    item.put("throttle", Items.map(throttleValue(sv.throttle())));
    item.put("tags", Items.tags(sv.tags()));
    item.put("propagateTags", s(sv.taskTagging().propagateTags()));
    item.put("enableECSManagedTags", Items.bool(sv.taskTagging().enableECSManagedTags()));
    item.put("deployments", list(state.deployments(), ServiceItems::deploymentValue));
    item.put("loadBalancers", list(sv.loadBalancers(), lb -> Map.of("targetGroupArn", s(lb.targetGroupArn()),
        "containerName", s(lb.containerName()), "containerPort", n(lb.containerPort()))));
    Items.put(item, "role", sv.role());
    Items.put(item, "fingerprint", state.fingerprint());
    item.put("history", ServiceHistoryItems.value(state.history()));
    return item;
  }

  static ServiceState fromItem(Map<String, AttributeValue> item) {
    var cb = Items.sub(item, "circuitBreaker");
    Service service = new Service(
        str(item, "cluster"),
        str(item, "name"),
        ServiceStatus.valueOf(str(item, "status")),
        new TaskDefinitionRevision(str(item, "family"), (int) num(item, "revision")),
        (int) num(item, "desiredCount"),
        SchedulingStrategy.valueOf(str(item, "schedulingStrategy")),
        new DeploymentConfiguration((int) num(item, "maximumPercent"), (int) num(item, "minimumHealthyPercent"),
            cb == null ? DeploymentCircuitBreaker.DISABLED
                : new DeploymentCircuitBreaker(Items.bool(cb, "enable"), Items.bool(cb, "rollback"))),
        list(item, "placementConstraints", m -> new PlacementConstraint(str(m, "type"), str(m, "expression"))),
        list(item, "placementStrategy", m -> new PlacementStrategy(str(m, "type"), str(m, "field"))),
        time(item, "createdAt"),
        num(item, "version"),
        list(item, "events", m -> new ServiceEvent(str(m, "id"), time(m, "createdAt"), str(m, "message"))),
        throttleFrom(Items.sub(item, "throttle")),
        Items.tags(item),
        java.util.Objects.requireNonNullElse(Items.optInt(item, "healthCheckGracePeriodSeconds"), 0),
        new dev.berth.model.service.TaskTagging(str(item, "propagateTags"), Items.bool(item, "enableECSManagedTags")),
        list(item, "loadBalancers", m -> new LoadBalancer(str(m, "targetGroupArn"), str(m, "containerName"),
            (int) num(m, "containerPort"))),
        str(item, "role"));
    return new ServiceState(service, list(item, "deployments", ServiceItems::deploymentFrom),
        Items.stringSet(item, TASK_IDS), str(item, "fingerprint"), ServiceHistoryItems.from(Items.sub(item, "history")),
        Map.of());
  }

  /**
   * One task's targets as a record of its own (in the service's targets partition, keyed by task
   * id), stamped with the number of the lease that writes it.
   */
  static Map<String, AttributeValue> targetRecord(String partition, String taskId, TaskTargets t, long lease) {
    var item = Items.item();
    item.put("cluster", s(partition));
    item.put("name", s(taskId));
    item.put(TARGETS, targetList(t.targets()));
    item.put(HEALTHY, Items.bool(t.healthy()));
    item.put(LEASE, n(lease));
    return item;
  }

  /** The targets an item of the old shape carries (empty for one of the new shape). */
  static Map<String, TaskTargets> legacyTargets(Map<String, AttributeValue> item) {
    Map<String, TaskTargets> out = new HashMap<>();
    var m = Items.sub(item, TARGETS);
    if (m != null) {
      m.forEach((taskId, v) -> out.put(taskId, taskTargets(v.m())));
    }
    return out;
  }

  /** The targets as the old shape kept them on the service item (what an item of that shape measures). */
  static AttributeValue legacyTargetsValue(Map<String, TaskTargets> targets) {
    var m = Items.item();
    targets.forEach((taskId, t) -> m.put(taskId, Items.map(Map.of(
        HEALTHY, Items.bool(t.healthy()), TARGETS, targetList(t.targets())))));
    return Items.map(m);
  }

  private static AttributeValue targetList(List<Target> targets) {
    return list(targets, x -> Map.of("tg", s(x.targetGroupArn()), "id", s(x.id()), "port", n(x.port())));
  }

  /** A target record's targets (the old shape's map entries have the same attributes). */
  static TaskTargets taskTargets(Map<String, AttributeValue> t) {
    List<Target> targets = list(t, TARGETS, x -> new Target(str(x, "tg"), str(x, "id"), (int) num(x, "port")));
    return new TaskTargets(targets, Items.bool(t, HEALTHY));
  }

  private static Map<String, AttributeValue> deploymentValue(Deployment d) {
    var m = Items.item();
    m.put("id", s(d.id()));
    m.put("status", s(d.status().name()));
    m.put("family", s(d.taskDefinition().family()));
    m.put("revision", n(d.taskDefinition().revision()));
    m.put("desiredCount", n(d.desiredCount()));
    m.put("pendingCount", n(d.pendingCount()));
    m.put("runningCount", n(d.runningCount()));
    m.put("failedTasks", n(d.failedTasks()));
    m.put("rolloutState", s(d.rolloutState().name()));
    Items.put(m, "rolloutStateReason", d.rolloutStateReason());
    Items.put(m, "createdAt", d.createdAt());
    Items.put(m, "updatedAt", d.updatedAt());
    return m;
  }

  private static Deployment deploymentFrom(Map<String, AttributeValue> m) {
    return new Deployment(str(m, "id"), DeploymentStatus.valueOf(str(m, "status")),
        new TaskDefinitionRevision(str(m, "family"), (int) num(m, "revision")), (int) num(m, "desiredCount"),
        (int) num(m, "pendingCount"), (int) num(m, "runningCount"), (int) num(m, "failedTasks"),
        RolloutState.valueOf(str(m, "rolloutState")), str(m, "rolloutStateReason"), time(m, "createdAt"),
        time(m, "updatedAt"));
  }

  private static Map<String, AttributeValue> throttleValue(ServiceThrottle t) {
    var m = Items.item();
    Items.put(m, "countedThrough", t.countedThrough());
    Items.put(m, "countedThroughTaskId", t.countedThroughTaskId());
    if (t.taskDefinition() != null) {
      m.put("family", s(t.taskDefinition().family()));
      m.put("revision", n(t.taskDefinition().revision()));
    }
    m.put("consecutiveFailures", n(t.consecutiveFailures()));
    Items.put(m, "nextStartAllowedAt", t.nextStartAllowedAt());
    return m;
  }

  private static ServiceThrottle throttleFrom(Map<String, AttributeValue> m) {
    if (m == null) {
      return ServiceThrottle.NONE;
    }
    String family = str(m, "family");
    return new ServiceThrottle(time(m, "countedThrough"), str(m, "countedThroughTaskId"),
        family == null ? null : new TaskDefinitionRevision(family, (int) num(m, "revision")),
        (int) num(m, "consecutiveFailures"), time(m, "nextStartAllowedAt"));
  }

  private ServiceItems() {}
}
