package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ClusterContainsContainerInstancesException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Task;

/** The whole first slice through the AWS SDK's EcsClient, with the task-state poller running. */
class EndToEndSdkIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-e2e-sdk");
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
  }

  @Test
  void runDescribeStopReportStoppedAndGetTheResourcesBack() throws Exception {
    var ecs = berth.ecs;
    assertEquals("ACTIVE", ecs.createCluster(b -> b.clusterName("e2e")).cluster().status());
    String identity = "{\"instanceId\":\"i-0123456789abcdef0\",\"availabilityZone\":\"us-east-1a\","
        + "\"instanceType\":\"m5.large\",\"imageId\":\"ami-12345678\",\"architecture\":\"x86_64\"}";
    var registered = ecs.registerContainerInstance(b -> b.cluster("e2e").instanceIdentityDocument(identity)
        .totalResources(
            Resource.builder().name("CPU").type("INTEGER").integerValue(2048).build(),
            Resource.builder().name("MEMORY").type("INTEGER").integerValue(3840).build(),
            Resource.builder().name("PORTS").type("STRINGSET").stringSetValue("22", "2375", "2376", "51678", "51679")
                .build(),
            Resource.builder().name("PORTS_UDP").type("STRINGSET").build())
        .attributes(Attribute.builder().name("stack").value("blue").build())).containerInstance();
    assertEquals("i-0123456789abcdef0", registered.ec2InstanceId());
    assertEquals("us-east-1a", attribute(registered.attributes(), "ecs.availability-zone"));
    assertEquals("m5.large", attribute(registered.attributes(), "ecs.instance-type"));
    assertEquals("blue", attribute(registered.attributes(), "stack"));
    assertTrue(registered.agentConnected());

    var definition = ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(
        ContainerDefinition.builder().name("web").image("nginx").memory(512).cpu(256)
            .portMappings(PortMapping.builder().containerPort(80).hostPort(8080).build()).build())).taskDefinition();
    assertEquals(1, definition.revision());
    assertEquals(2, ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(
        ContainerDefinition.builder().name("web").image("nginx:2").memory(512).build())).taskDefinition()
        .revision(), "revisions count up");

    var run = ecs.runTask(b -> b.cluster("e2e").taskDefinition("web:1").startedBy("e2e-test"));
    assertEquals(List.of(), run.failures());
    Task task = run.tasks().get(0);
    assertEquals("PENDING", task.lastStatus());
    assertEquals("RUNNING", task.desiredStatus());
    assertEquals("family:web", task.group());
    assertEquals("us-east-1a", task.availabilityZone());
    assertEquals(registered.containerInstanceArn(), task.containerInstanceArn());

    var busy = berth.describeInstance("e2e", registered.containerInstanceArn());
    assertEquals(2048 - 256, Berth.remaining(busy, "CPU"));
    assertEquals(3840 - 512, Berth.remaining(busy, "MEMORY"));
    assertTrue(busy.remainingResources().stream().filter(r -> r.name().equals("PORTS")).findFirst().orElseThrow()
        .stringSetValue().contains("8080"));
    assertEquals(List.of(task.taskArn()), ecs.listTasks(b -> b.cluster("e2e")).taskArns());
    assertEquals(List.of(task.taskArn()), ecs.listTasks(b -> b.cluster("e2e").startedBy("e2e-test")).taskArns());

    ecs.submitTaskStateChange(b -> b.cluster("e2e").task(task.taskArn()).status("RUNNING"));
    Task running = awaitStatus(task.taskArn(), "RUNNING");
    assertNotNull(running.startedAt());
    assertEquals(1, ecs.describeClusters(b -> b.clusters("e2e")).clusters().get(0).runningTasksCount());

    Task stopping = ecs.stopTask(b -> b.cluster("e2e").task(task.taskArn()).reason("done with it")).task();
    assertEquals("STOPPED", stopping.desiredStatus());
    assertEquals("RUNNING", stopping.lastStatus());
    assertEquals(2048 - 256, Berth.remaining(berth.describeInstance("e2e", registered.containerInstanceArn()), "CPU"),
        "resources stay held until the agent reports STOPPED");
    assertEquals(List.of(task.taskArn()),
        ecs.listTasks(b -> b.cluster("e2e").desiredStatus(DesiredStatus.STOPPED)).taskArns());

    ecs.submitTaskStateChange(b -> b.cluster("e2e").task(task.taskArn()).status("STOPPED"));
    Task stopped = awaitStatus(task.taskArn(), "STOPPED");
    assertEquals("UserInitiated", stopped.stopCodeAsString());
    assertEquals("done with it", stopped.stoppedReason());
    var free = berth.describeInstance("e2e", registered.containerInstanceArn());
    assertEquals(2048, Berth.remaining(free, "CPU"));
    assertEquals(3840, Berth.remaining(free, "MEMORY"));
    assertEquals(List.of(), berth.ledgerDrift("e2e"));

    ecs.deregisterTaskDefinition(b -> b.taskDefinition("web:1"));
    var inactive = assertThrows(InvalidParameterException.class,
        () -> ecs.runTask(b -> b.cluster("e2e").taskDefinition("web:1")));
    assertEquals("TaskDefinition is inactive", inactive.awsErrorDetails().errorMessage());
    assertEquals(2, ecs.describeTaskDefinition(b -> b.taskDefinition("web")).taskDefinition().revision(),
        "a bare family resolves to the latest ACTIVE revision");
  }

  @Test
  void forcedDeregistrationLeavesTheInstancesTasksOrphaned() throws Exception {
    var ecs = berth.ecs;
    ecs.createCluster(b -> b.clusterName("doomed"));
    String arn = berth.registerInstance("doomed", 1024, 1024);
    ecs.registerTaskDefinition(b -> b.family("small").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(128).memory(64).build()));
    Task task = ecs.runTask(b -> b.cluster("doomed").taskDefinition("small")).tasks().get(0);

    assertThrows(InvalidParameterException.class,
        () -> ecs.deregisterContainerInstance(b -> b.cluster("doomed").containerInstance(arn)));
    assertThrows(ClusterContainsContainerInstancesException.class,
        () -> ecs.deleteCluster(b -> b.cluster("doomed")));

    var gone = ecs.deregisterContainerInstance(b -> b.cluster("doomed").containerInstance(arn).force(true))
        .containerInstance();
    assertEquals("INACTIVE", gone.status());
    // As with ECS the task is orphaned, not stopped: it may well still run on the host, whose
    // ledger keeps what it holds; the cluster no longer counts it.
    assertEquals(1024 - 128, Berth.remaining(gone, "CPU"));
    Task orphan = ecs.describeTasks(b -> b.cluster("doomed").tasks(task.taskArn())).tasks().get(0);
    assertEquals("PENDING", orphan.lastStatus());
    assertEquals("RUNNING", orphan.desiredStatus());
    assertNull(orphan.stoppedReason());
    var counts = ecs.describeClusters(b -> b.clusters("doomed")).clusters().get(0);
    assertEquals(List.of(0, 0, 0), List.of(counts.registeredContainerInstancesCount(), counts.runningTasksCount(),
        counts.pendingTasksCount()));
    assertEquals(List.of(), berth.ledgerDrift("doomed"));
    assertEquals("INACTIVE", ecs.deleteCluster(b -> b.cluster("doomed")).cluster().status());
  }

  private static Task awaitStatus(String taskArn, String status) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      Task task = berth.ecs.describeTasks(b -> b.cluster("e2e").tasks(taskArn)).tasks().get(0);
      if (task.lastStatus().equals(status) || Instant.now().isAfter(deadline)) {
        assertEquals(status, task.lastStatus());
        return task;
      }
      Thread.sleep(100);
    }
  }

  private static String attribute(List<Attribute> attributes, String name) {
    return attributes.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst().orElse(null);
  }
}
