package dev.berth.benchmarks;

import dev.berth.model.service.Deployment;
import dev.berth.model.service.LoadBalancer;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.Target;
import dev.berth.model.service.TaskDefinitionRevision;
import dev.berth.model.service.TaskTargets;
import dev.berth.scheduler.service.ServiceEvents;
import dev.berth.store.ItemSizes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * How close a large service's item comes to DynamoDB's 400 KB item limit, and what each write of it
 * costs in write units (1 KB each; an UpdateItem is charged the larger of the item before and
 * after, however little it changes). Pure: the item is built by the store's own mapping
 * ({@code ItemSizes}) from ECS-shaped values: task ids of 32 hex digits, a full log of 100 events,
 * and for a load-balanced service one target per task in a target group of a real ARN's length.
 * Three shapes: the task ids and the targets in the item (the first layout), the task ids moved out
 * of it, and both moved out (the store's layout now, each task's targets a record of its own).
 */
public final class ServiceItemSizeBenchmark {
  private static final String TARGET_GROUP =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-service-targets/0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Random RANDOM = new Random(42);

  public static void main(String[] args) {
    System.out.printf("%-54s | %-25s | %-25s | %-25s%n", "", "ids and targets in item", "targets in item",
        "both in their own items");
    System.out.printf("%-54s |%s |%s |%s%n", "service", COLUMNS, COLUMNS, COLUMNS);
    for (int tasks : new int[] {1_000, 5_000}) {
      row(tasks + " tasks, steady", state(tasks, 1, false, 10));
      row(tasks + " tasks, deployment at maximumPercent 200 (2 sets)", state(tasks * 2, 2, false, 10));
      row(tasks + " tasks, 200% deployment, 3 task sets", state(tasks * 2, 3, false, 10));
      row(tasks + " tasks, steady, behind a load balancer", state(tasks, 1, true, 10));
      row(tasks + " tasks, 200%, behind a load balancer", state(tasks * 2, 2, true, 10));
    }
    ServiceState oneEvent = state(5_000, 1, false, 10);
    String started = ServiceEvents.startedTasks("web", List.copyOf(oneEvent.taskIds()));
    System.out.printf("%none event naming all 5000 tasks a pass started: %d bytes%n", started.length());
    ServiceState lb = state(10_000, 2, true, 10);
    int records = 0;
    for (var e : lb.targets().entrySet()) {
      records += ItemSizes.targetRecord("production", "web", e.getKey(), e.getValue());
    }
    System.out.printf("target records of the 5000-task 200%% load-balanced service: %d of %d bytes on average, "
        + "each write 1 WCU; a holder's read of all %d: %d read units%n", lb.targets().size(), records / lb.targets().size(),
        lb.targets().size(), (records + 4095) / 4096);
    System.out.printf("limit %d bytes; WCU = write units per write of the item (1 KB each); a task id is 32 hex"
        + " digits; 100 events of 10 tasks each kept%n", ItemSizes.LIMIT);
  }

  private static final String COLUMNS = String.format(" %8s %7s %6s", "bytes", "% limit", "WCU");

  private static void row(String label, ServiceState state) {
    int now = ItemSizes.service(state);
    int targetsIn = now + ItemSizes.targetsMap(state.targets());
    int bothIn = targetsIn + ItemSizes.taskIdSet(state.taskIds());
    System.out.printf("%-54s |%s |%s |%s%n", label, cell(bothIn), cell(targetsIn), cell(now));
  }

  private static String cell(int bytes) {
    return String.format(" %8d %6.1f%% %6d", bytes, 100.0 * bytes / ItemSizes.LIMIT, (bytes + 1023) / 1024);
  }

  /** A service holding {@code ids} task ids over {@code sets} deployments; start events list {@code perEvent} tasks each. */
  static ServiceState state(int ids, int sets, boolean loadBalanced, int perEvent) {
    List<String> taskIds = new ArrayList<>(taskIds(ids));
    List<ServiceEvent> events = new ArrayList<>();
    for (int i = 0; i < Service.MAX_EVENTS; i++) {
      List<String> named = taskIds.subList(0, Math.min(perEvent, taskIds.size()));
      events.add(new ServiceEvent(ServiceEvents.eventId(hex(32)), NOW, i % 2 == 0
          ? ServiceEvents.startedTasks("web", named) : ServiceEvents.stoppedRunningTasks("web", named)));
    }
    List<LoadBalancer> lbs = loadBalanced ? List.of(new LoadBalancer(TARGET_GROUP, "web", 8080)) : List.of();
    Service service = new Service("production", "web", ServiceStatus.ACTIVE, new TaskDefinitionRevision("web", 7),
        ids / sets, SchedulingStrategy.REPLICA, null, null, null, NOW, 1234, events, null, List.of(), 60, null, lbs,
        null);
    List<Deployment> deployments = new ArrayList<>();
    for (int d = 0; d < sets; d++) {
      deployments.add(Deployment.start("ecs-svc/" + digits(19), new TaskDefinitionRevision("web", 7 - d), ids / sets,
          NOW));
    }
    Map<String, TaskTargets> targets = new HashMap<>();
    if (loadBalanced) {
      for (String id : taskIds) {
        targets.put(id, new TaskTargets(List.of(new Target(TARGET_GROUP, "i-" + hex(17), 32768 + RANDOM.nextInt(28000))),
            true));
      }
    }
    return new ServiceState(service, deployments, Set.copyOf(taskIds), "fingerprint-" + hex(64), null, targets);
  }

  private static Set<String> taskIds(int n) {
    Set<String> out = new LinkedHashSet<>();
    while (out.size() < n) {
      out.add(hex(32));
    }
    return out;
  }

  private static String hex(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(Character.forDigit(RANDOM.nextInt(16), 16));
    }
    return b.toString();
  }

  private static String digits(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(RANDOM.nextInt(10));
    }
    return b.toString();
  }

  private ServiceItemSizeBenchmark() {}
}
