package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Task;

/** Draining, re-registration and StartTask through the SDK. */
class ContainerInstanceLifecycleIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-instances");
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.ecs.registerTaskDefinition(b -> b.family("unit").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(256).memory(128).build()));
  }

  @Test
  void drainingInstancesTakeNoNewTasksUntilReactivated() {
    berth.createCluster("drain");
    String a = berth.registerInstance("drain", 2048, 2048);
    String b = berth.registerInstance("drain", 2048, 2048);
    var drained = berth.ecs.updateContainerInstancesState(r -> r.cluster("drain").containerInstances(a)
        .status(ContainerInstanceStatus.DRAINING));
    assertEquals("DRAINING", drained.containerInstances().get(0).status());

    List<Task> tasks = berth.ecs.runTask(r -> r.cluster("drain").taskDefinition("unit").count(4)).tasks();
    assertEquals(4, tasks.size());
    assertTrue(tasks.stream().allMatch(t -> t.containerInstanceArn().equals(b)), "nothing lands on the drained one");

    berth.ecs.updateContainerInstancesState(r -> r.cluster("drain").containerInstances(b)
        .status(ContainerInstanceStatus.DRAINING));
    var none = berth.ecs.runTask(r -> r.cluster("drain").taskDefinition("unit"));
    assertEquals(List.of(), none.tasks());
    assertEquals(List.of("DRAINING", "DRAINING"), none.failures().stream().map(Failure::reason).toList());

    berth.ecs.updateContainerInstancesState(r -> r.cluster("drain").containerInstances(a)
        .status(ContainerInstanceStatus.ACTIVE));
    assertEquals(a, berth.ecs.runTask(r -> r.cluster("drain").taskDefinition("unit")).tasks().get(0)
        .containerInstanceArn());
    assertEquals(List.of(), berth.ledgerDrift("drain"));
  }

  @Test
  void reRegisteringTheSameArnKeepsLiveReservations() {
    berth.createCluster("rereg");
    String arn = berth.registerInstance("rereg", 1024, 1024);
    berth.ecs.runTask(r -> r.cluster("rereg").taskDefinition("unit").count(2));

    var again = berth.ecs.registerContainerInstance(r -> r.cluster("rereg").containerInstanceArn(arn).totalResources(
        Resource.builder().name("CPU").type("INTEGER").integerValue(4096).build(),
        Resource.builder().name("MEMORY").type("INTEGER").integerValue(2048).build())).containerInstance();
    assertEquals(arn, again.containerInstanceArn());
    assertEquals(4096 - 512, Berth.remaining(again, "CPU"), "registered minus the two live tasks");
    assertEquals(2048 - 256, Berth.remaining(again, "MEMORY"));
    assertEquals(List.of(), berth.ledgerDrift("rereg"));
  }

  @Test
  void startTaskPlacesOnTheNamedInstancesAndReportsTheOthers() {
    berth.createCluster("start");
    String good = berth.registerInstance("start", 1024, 1024);
    String small = berth.registerInstance("start", 128, 1024);
    String unknown = "0123456789abcdef0123456789abcdef";
    var response = berth.ecs.startTask(r -> r.cluster("start").taskDefinition("unit")
        .containerInstances(good, small, unknown));
    assertEquals(1, response.tasks().size());
    assertEquals(good, response.tasks().get(0).containerInstanceArn());
    assertEquals(List.of("RESOURCE:CPU", "MISSING"), response.failures().stream().map(Failure::reason).toList());
    assertEquals(small, response.failures().get(0).arn());
    assertEquals(List.of(), berth.ledgerDrift("start"));
  }

  @Test
  void aTaskNeedingACapabilityOnlyGoesWhereTheAgentRegisteredIt() {
    berth.createCluster("capable");
    String plain = berth.registerInstance("capable", 1024, 1024);
    berth.ecs.registerTaskDefinition(r -> r.family("checked").containerDefinitions(ContainerDefinition.builder()
        .name("c").image("busybox").cpu(64).memory(64)
        .healthCheck(h -> h.command("CMD-SHELL", "true")).build()));
    var refused = berth.ecs.runTask(r -> r.cluster("capable").taskDefinition("checked"));
    assertEquals(List.of(), refused.tasks());
    assertEquals("ATTRIBUTE", refused.failures().get(0).reason());
    assertEquals(plain, refused.failures().get(0).arn());

    String capable = berth.ecs.registerContainerInstance(r -> r.cluster("capable").totalResources(
            Resource.builder().name("CPU").type("INTEGER").integerValue(1024).build(),
            Resource.builder().name("MEMORY").type("INTEGER").integerValue(1024).build())
        .attributes(software.amazon.awssdk.services.ecs.model.Attribute.builder()
            .name("com.amazonaws.ecs.capability.container-health-check").build()))
        .containerInstance().containerInstanceArn();
    assertEquals(capable, berth.ecs.runTask(r -> r.cluster("capable").taskDefinition("checked")).tasks().get(0)
        .containerInstanceArn());
  }
}
