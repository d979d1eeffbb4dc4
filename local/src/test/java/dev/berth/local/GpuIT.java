package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.PlatformDevice;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.ResourceRequirement;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * GPUs end to end: an instance registers its GPU ids, tasks that need GPUs are given distinct ids,
 * an instance out of GPUs refuses with RESOURCE:GPU, and stopping a task gives its ids back.
 */
class GpuIT {
  private static final String CLUSTER = "gpus";
  private static final List<String> GPUS = List.of("GPU-3a2b0000", "GPU-9f1c0000");
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-gpu");
  private static Berth berth;
  private static String instance;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster(CLUSTER);
    instance = berth.ecs.registerContainerInstance(b -> b.cluster(CLUSTER).totalResources(
            Resource.builder().name("CPU").type("INTEGER").integerValue(4096).build(),
            Resource.builder().name("MEMORY").type("INTEGER").integerValue(8192).build(),
            Resource.builder().name("PORTS").type("STRINGSET").stringSetValue("22").build(),
            Resource.builder().name("GPU").type("STRINGSET").stringSetValue(GPUS).build())
        .platformDevices(GPUS.stream().map(id -> PlatformDevice.builder().id(id).type("GPU").build()).toList()))
        .containerInstance().containerInstanceArn();
    berth.ecs.registerTaskDefinition(b -> b.family("cuda").containerDefinitions(
        ContainerDefinition.builder().name("sidecar").image("proxy").memory(64).build(),
        ContainerDefinition.builder().name("train").image("cuda").cpu(256).memory(512)
            .resourceRequirements(ResourceRequirement.builder().type("GPU").value("1").build()).build()));
  }

  private static List<String> remainingGpus() {
    ContainerInstance ci = berth.describeInstance(CLUSTER, instance);
    return ci.remainingResources().stream().filter(r -> r.name().equals("GPU")).findFirst().orElseThrow()
        .stringSetValue();
  }

  private static List<String> gpuIds(Task task, String container) {
    return task.containers().stream().filter(c -> c.name().equals(container)).findFirst().orElseThrow().gpuIds();
  }

  @Test
  void tasksGetDistinctGpusUntilNoneAreLeftAndStoppingGivesThemBack() {
    assertEquals(GPUS, remainingGpus());
    Task first = berth.ecs.runTask(b -> b.cluster(CLUSTER).taskDefinition("cuda")).tasks().get(0);
    Task second = berth.ecs.runTask(b -> b.cluster(CLUSTER).taskDefinition("cuda")).tasks().get(0);
    var third = berth.ecs.runTask(b -> b.cluster(CLUSTER).taskDefinition("cuda"));
    assertTrue(third.tasks().isEmpty());
    assertEquals("RESOURCE:GPU", third.failures().get(0).reason());

    var described = berth.ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(first.taskArn(), second.taskArn())).tasks();
    List<String> a = gpuIds(described.get(0), "train");
    List<String> b = gpuIds(described.get(1), "train");
    assertEquals(1, a.size());
    assertEquals(1, b.size());
    assertNotEquals(a, b);
    assertTrue(GPUS.containsAll(a) && GPUS.containsAll(b));
    assertEquals(List.of(), gpuIds(described.get(0), "sidecar"), "a container that needs no GPU gets none");
    assertEquals(List.of(), remainingGpus());
    assertEquals(List.of(), berth.ledgerDrift(CLUSTER));

    // The agent registers again with the same ARN: the GPUs its tasks hold stay in use.
    berth.ecs.registerContainerInstance(r -> r.cluster(CLUSTER).containerInstanceArn(instance).totalResources(
        Resource.builder().name("CPU").type("INTEGER").integerValue(4096).build(),
        Resource.builder().name("MEMORY").type("INTEGER").integerValue(8192).build(),
        Resource.builder().name("PORTS").type("STRINGSET").stringSetValue("22").build(),
        Resource.builder().name("GPU").type("STRINGSET").stringSetValue(GPUS).build()));
    assertEquals(List.of(), remainingGpus());
    assertEquals(List.of(), berth.ledgerDrift(CLUSTER));

    berth.ecs.submitTaskStateChange(r -> r.cluster(CLUSTER).task(first.taskArn()).status("STOPPED")
        .reason("done"));
    berth.drainTaskStateQueue();
    String freed = gpuIds(berth.ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(first.taskArn())).tasks().get(0),
        "train").get(0);
    assertEquals(List.of(freed), remainingGpus());
    assertEquals(List.of(), berth.ledgerDrift(CLUSTER));

    Task again = berth.ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition("cuda")).tasks().get(0);
    assertEquals(List.of(freed), gpuIds(again, "train"), "the freed GPU is taken again");
    for (Task t : List.of(second, again)) {
      berth.ecs.submitTaskStateChange(r -> r.cluster(CLUSTER).task(t.taskArn()).status("STOPPED").reason("done"));
    }
    berth.drainTaskStateQueue();
    assertEquals(GPUS, remainingGpus());
    ContainerInstance ci = berth.describeInstance(CLUSTER, instance);
    assertEquals(4096, Berth.remaining(ci, "CPU"));
    assertEquals(GPUS, ci.registeredResources().stream().filter(r -> r.name().equals("GPU")).findFirst()
        .orElseThrow().stringSetValue());
    assertEquals(List.of(), berth.ledgerDrift(CLUSTER));
  }

  @Test
  void aContainerOverrideCanAskForMoreGpus() {
    Task task = berth.ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition("cuda").overrides(o -> o.containerOverrides(
        c -> c.name("train").resourceRequirements(ResourceRequirement.builder().type("GPU").value("2").build()))))
        .tasks().get(0);
    assertEquals(GPUS, gpuIds(task, "train"));
    assertEquals(List.of(), remainingGpus());
    berth.ecs.submitTaskStateChange(r -> r.cluster(CLUSTER).task(task.taskArn()).status("STOPPED").reason("done"));
    berth.drainTaskStateQueue();
    assertEquals(GPUS, remainingGpus());
    assertEquals(List.of(), berth.ledgerDrift(CLUSTER));
  }

  @Test
  void gpuRequirementsAreValidated() {
    var inference = assertThrows(ClientException.class, () -> berth.ecs.registerTaskDefinition(b -> b.family("bad")
        .containerDefinitions(ContainerDefinition.builder().name("x").image("x").memory(64).resourceRequirements(
            ResourceRequirement.builder().type("InferenceAccelerator").value("device_1").build()).build())));
    assertTrue(inference.getMessage().contains("not supported"), inference.getMessage());
    assertThrows(ClientException.class, () -> berth.ecs.registerTaskDefinition(b -> b.family("bad")
        .containerDefinitions(ContainerDefinition.builder().name("x").image("x").memory(64).resourceRequirements(
            ResourceRequirement.builder().type("GPU").value("0").build()).build())));
  }
}
