package dev.berth.store;

import dev.berth.model.service.ServiceState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item sizes as DynamoDB counts them against its 400 KB item limit and its capacity units: each
 * attribute's name in UTF-8 plus its value (a string's UTF-8 bytes; a number about one byte per two
 * digits plus one; a boolean or null one byte; a list or map three bytes plus one per element plus
 * its elements, with a map's keys counted as names; a set the sum of its members).
 */
public final class ItemSizes {
  /** DynamoDB's item size limit. */
  public static final int LIMIT = 400 * 1024;

  /**
   * The size of a service item as the store writes it: the state and the reconciler's bookkeeping
   * (the task ids live in items of their own, see {@link DynamoServiceStore}).
   */
  public static int service(ServiceState state) {
    var item = ServiceItems.stateAttributes(state);
    item.put("cluster", Items.s(state.service().cluster()));
    item.put("name", Items.s(state.service().name()));
    item.put("version", Items.n(state.service().version()));
    item.put(ServiceItems.WAKEUPS, Items.n(1));
    item.put(ServiceItems.DUE_AT, Items.n(System.currentTimeMillis()));
    item.put(Tables.EVENT_PENDING_AT, Items.n(System.currentTimeMillis()));
    item.put(ServiceItems.LEASE_OWNER, Items.s("pass-0123456789abcdef0123456789abcdef"));
    item.put(ServiceItems.LEASE_UNTIL, Items.n(System.currentTimeMillis()));
    return of(item);
  }

  /** The size of a container-instance item (the ledger item) as the store writes it. */
  public static int containerInstance(dev.berth.model.ContainerInstance instance) {
    return of(ContainerInstanceItems.toItem(instance));
  }

  /** The size of a task item as the store writes it. */
  public static int task(dev.berth.model.Task task) {
    return of(DynamoTaskStore.toItem(task));
  }

  /** The size the service's targets took when the service item carried them, as a map by task id. */
  public static int targetsMap(Map<String, dev.berth.model.service.TaskTargets> targets) {
    return targets.isEmpty() ? 0 : utf8(ServiceItems.TARGETS) + value(ServiceItems.legacyTargetsValue(targets));
  }

  /** The size of one task's target record, as the store writes it beside the service item. */
  public static int targetRecord(String cluster, String service, String taskId,
      dev.berth.model.service.TaskTargets targets) {
    return of(ServiceItems.targetRecord("#targets/" + cluster + "/" + service, taskId, targets, 1234));
  }

  /** The size the service's task ids took when the service item carried them as one string set. */
  public static int taskIdSet(java.util.Set<String> taskIds) {
    return taskIds.isEmpty() ? 0 : utf8(ServiceItems.TASK_IDS) + value(Items.ss(taskIds));
  }

  /** The size of an item given as its attributes. */
  public static int of(Map<String, AttributeValue> item) {
    int size = 0;
    for (var e : item.entrySet()) {
      size += utf8(e.getKey()) + value(e.getValue());
    }
    return size;
  }

  private static int value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToInt(ItemSizes::utf8).sum();
    }
    if (v.hasNs()) {
      return v.ns().stream().mapToInt(ItemSizes::number).sum();
    }
    if (v.hasL()) {
      return 3 + v.l().stream().mapToInt(x -> 1 + value(x)).sum();
    }
    if (v.hasM()) {
      return 3 + v.m().entrySet().stream().mapToInt(x -> 1 + utf8(x.getKey()) + value(x.getValue())).sum();
    }
    return 0;
  }

  private static int number(String n) {
    String digits = n.replace("-", "").replace(".", "").replaceFirst("^0+(?=.)", "");
    return (digits.length() + 1) / 2 + 1;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private ItemSizes() {}
}
