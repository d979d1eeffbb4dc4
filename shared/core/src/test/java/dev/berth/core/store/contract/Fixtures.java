package dev.berth.core.store.contract;

import dev.berth.model.ContainerDefinition;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Task;
import dev.berth.model.TaskDefinition;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.TaskDefinitionRevision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Items the contracts write: each test names its own cluster, so the suites share one set of tables. */
public final class Fixtures {
  public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** A name no other test uses. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
  }

  public static ContainerInstance instance(String cluster, String id, int cpu, int memory, Set<Integer> reservedPorts,
      List<String> gpus) {
    var resources = new java.util.ArrayList<>(List.of(Resource.integer("CPU", cpu), Resource.integer("MEMORY", memory),
        Resource.stringSet("PORTS", reservedPorts.stream().map(String::valueOf).toList()),
        Resource.stringSet("PORTS_UDP", List.of())));
    if (!gpus.isEmpty()) {
      resources.add(Resource.stringSet("GPU", gpus));
    }
    return new ContainerInstance(cluster, id, "i-0123456789", ContainerInstance.ACTIVE, null, true, resources, cpu,
        memory, reservedPorts, Set.of(), Set.of(), Map.of(), List.of(), null, T0, 1, List.of());
  }

  public static ContainerInstance withStatus(ContainerInstance ci, String status, boolean connected) {
    return ci.withHealth(status, null, connected);
  }

  public static Task task(String cluster, String id, String instanceId, long version) {
    return new Task(cluster, id, "web", 1, instanceId, "us-east-1a", "PENDING", "RUNNING",
        new dev.berth.model.Resources(128, 256, Set.of(), Set.of()), List.of(), null, null, "family:web", T0, null,
        null, null, null, null, null, null, null, version, List.of());
  }

  public static Task stopped(Task t, Instant at) {
    return t.withState("STOPPED", t.containers(), t.startedAt(), at, at, null, null, at, "EssentialContainerExited",
        "done", "STOPPED");
  }

  public static ServiceState service(String cluster, String name, long version) {
    var td = new TaskDefinitionRevision("web", 1);
    Service sv = new Service(cluster, name, ServiceStatus.ACTIVE, td, 2, SchedulingStrategy.REPLICA, null, null,
        null, T0, version, null, null, null, 0);
    return new ServiceState(sv, List.of(Deployment.start("ecs-svc/1234567890123456789", td, 2, T0)), Set.of(),
        "fp");
  }

  public static ServiceState withDesired(ServiceState s, int desired) {
    return s.with(s.service().withDesiredCount(desired), s.deployments());
  }

  public static ServiceState inactive(ServiceState s) {
    return s.with(s.service().withStatus(ServiceStatus.INACTIVE), s.deployments());
  }

  public static TaskDefinition definition(String family, int revision) {
    return new TaskDefinition(family, revision, TaskDefinition.ACTIVE, "bridge", null, null,
        List.of(new ContainerDefinition("app", "nginx", 128, 256, null, true, null, null, null, null, null)), null,
        T0, null, "{}", List.of());
  }

  private Fixtures() {}
}
