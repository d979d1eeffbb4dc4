package dev.berth.benchmarks;

import dev.berth.model.Attribute;
import dev.berth.model.Container;
import dev.berth.model.ContainerInstance;
import dev.berth.model.ContainerInstance.Reservation;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import dev.berth.model.Tag;
import dev.berth.model.Task;
import dev.berth.model.TaskOverride;
import dev.berth.model.VersionInfo;
import dev.berth.store.ItemSizes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a steady minute of one cluster costs in DynamoDB read units at ECS's scale, before and after
 * the repair looked only at what a crash can leave, computed from the store's own item sizes: a
 * Query or Scan is charged one read unit per 4 KB of the items it returns, read consistently (a
 * projection does not lower the charge). Also what waking a cluster's DAEMON services costs per
 * instance event. Pure: the items are built by the store's mapping from ECS-shaped values.
 * {@code BENCH_INSTANCES} (5000), {@code BENCH_TASKS_PER_INSTANCE} (20), {@code BENCH_SERVICES} (5000).
 */
public final class MinuteCostBenchmark {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final int HEARTBEAT_ITEM = 60; // cluster, id and a time

  public static void main(String[] args) {
    int instances = env("BENCH_INSTANCES", 5_000);
    int perInstance = env("BENCH_TASKS_PER_INSTANCE", 20);
    int services = env("BENCH_SERVICES", 5_000);
    long tasks = (long) instances * perInstance;
    int instanceBytes = ItemSizes.containerInstance(instance(perInstance));
    int taskBytes = ItemSizes.task(task());
    int serviceBytes = ItemSizes.service(ServiceItemSizeBenchmark.state(10, 1, false, 10));
    System.out.printf("cluster: %,d instances, %,d tasks (%d per instance), %,d services%n", instances, tasks,
        perInstance, services);
    System.out.printf("item sizes: instance (ledger) %,d B, task %,d B, service (10 tasks, full event log) %,d B%n%n",
        instanceBytes, taskBytes, serviceBytes);

    long instanceRead = units((long) instances * instanceBytes);
    long heartbeatRead = units((long) instances * HEARTBEAT_ITEM);
    long taskRead = units(tasks * taskBytes);
    System.out.printf("%-52s %14s %14s%n", "a steady cluster minute (read units)", "before", "after");
    row("instance items (health, repair, metrics)", 3 * instanceRead, instanceRead);
    row("heartbeat items", heartbeatRead, heartbeatRead);
    row("task items (ledger repair)", taskRead, 0);
    row("sparse indexes (due, pending events): nothing in them", 0, 0);
    row("total", 3 * instanceRead + heartbeatRead + taskRead, instanceRead + heartbeatRead);
    System.out.printf("%nper task in flight (placed, not yet RUNNING, past the 2-minute grace) the repair adds one"
        + " consistent BatchGetItem read of its task item: %d read units%n", units(taskBytes));

    long allServices = units((long) services * serviceBytes);
    System.out.printf("%n%-52s %14s %14s%n", "waking the DAEMON services on an instance event", "before", "after");
    row("read units", allServices, 1);
  }

  private static void row(String label, long before, long after) {
    System.out.printf("%-52s %,14d %,14d%n", label, before, after);
  }

  private static long units(long bytes) {
    return (bytes + 4095) / 4096;
  }

  /** An instance as the ECS agent registers it (its attributes), holding {@code tasks} running tasks. */
  static ContainerInstance instance(int tasks) {
    List<Attribute> attributes = new ArrayList<>();
    for (String a : List.of("ecs.capability.docker-remote-api.1.17", "ecs.capability.docker-remote-api.1.18",
        "ecs.capability.docker-remote-api.1.19", "ecs.capability.docker-remote-api.1.20",
        "ecs.capability.docker-remote-api.1.21", "ecs.capability.docker-remote-api.1.22",
        "ecs.capability.docker-remote-api.1.23", "ecs.capability.docker-remote-api.1.24",
        "ecs.capability.docker-remote-api.1.25", "ecs.capability.docker-remote-api.1.29",
        "ecs.capability.docker-remote-api.1.32", "ecs.capability.logging-driver.json-file",
        "ecs.capability.logging-driver.awslogs", "ecs.capability.logging-driver.syslog",
        "ecs.capability.logging-driver.none", "com.amazonaws.ecs.capability.ecr-auth",
        "com.amazonaws.ecs.capability.task-iam-role", "com.amazonaws.ecs.capability.task-iam-role-network-host",
        "ecs.capability.task-cpu-mem-limit", "ecs.capability.container-health-check",
        "ecs.capability.execution-role-awslogs", "ecs.capability.execution-role-ecr-pull",
        "ecs.capability.secrets.ssm.environment-variables", "ecs.capability.container-ordering",
        "ecs.capability.full-sync", "ecs.capability.task-eni")) {
      attributes.add(Attribute.of(a, null));
    }
    attributes.add(Attribute.of("ecs.availability-zone", "us-east-1a"));
    attributes.add(Attribute.of("ecs.instance-type", "m5.2xlarge"));
    attributes.add(Attribute.of("ecs.os-type", "linux"));
    attributes.add(Attribute.of("ecs.cpu-architecture", "x86_64"));
    attributes.add(Attribute.of("ecs.ami-id", "ami-0123456789abcdef0"));
    Map<String, Reservation> reservations = new HashMap<>();
    for (int i = 0; i < tasks; i++) {
      reservations.put(String.format("%032x", i), new Reservation(new Resources(256, 512, Set.of(), Set.of()), NOW,
          "service:web-" + i, true));
    }
    List<Resource> registered = List.of(
        new Resource("CPU", "INTEGER", 0, 0, 8192, List.of()),
        new Resource("MEMORY", "INTEGER", 0, 0, 31_000, List.of()),
        new Resource("PORTS", "STRINGSET", 0, 0, 0, List.of("22", "2375", "2376", "51678", "51679")),
        new Resource("PORTS_UDP", "STRINGSET", 0, 0, 0, List.of()));
    return new ContainerInstance("production", String.format("%032x", 7), "i-0123456789abcdef0", "ACTIVE", null, true,
        registered, 8192 - 256 * tasks, 31_000 - 512 * tasks, Set.of(22, 2375, 2376, 51678, 51679), Set.of(), Set.of(),
        reservations, attributes, new VersionInfo("1.85.0", "abcdef0", "DockerVersion: 20.10.25"), NOW, 42, List.of());
  }

  /** A RUNNING service task of two containers with ECS's managed tags. */
  static Task task() {
    List<Container> containers = List.of(
        new Container("0123456789abcdef0123456789abcdef", "web", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2",
            "f".repeat(64), "RUNNING", null, null, List.of(), 256, 512, null, List.of(), "HEALTHY"),
        new Container("fedcba9876543210fedcba9876543210", "log-router",
            "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", "e".repeat(64), "RUNNING", null, null,
            List.of(), 0, 64, null, List.of(), null));
    return new Task("production", "0123456789abcdef0123456789abcdef", "web", 7, String.format("%032x", 7),
        "us-east-1a", "RUNNING", "RUNNING", new Resources(256, 576, Set.of(), Set.of()), containers, TaskOverride.NONE,
        "ecs-svc/1234567890123456789", "service:web", NOW, NOW, null, null, NOW, NOW, null, null, null, 3,
        List.of(new Tag("aws:ecs:serviceName", "web"), new Tag("aws:ecs:clusterName", "production")), "HEALTHY", null);
  }

  private static int env(String name, int fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v);
  }

  private MinuteCostBenchmark() {}
}
