package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.PlacementStrategy;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.Task;

/** Describe/List through the SDK: pagination, MISSING failures, short names and ARNs, binpack. */
class ListAndDescribeIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-reads");
  private static Berth berth;
  private static final List<String> instances = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("reads");
    for (int i = 0; i < 3; i++) {
      instances.add(berth.registerInstance("reads", 2048, 8192));
    }
    berth.ecs.registerTaskDefinition(b -> b.family("tiny").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(64).memory(32).build()));
  }

  @Test
  void listTasksPagesThroughEveryTaskOnce() {
    List<String> placed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      berth.ecs.runTask(b -> b.cluster("reads").taskDefinition("tiny").count(5).group("paging"))
          .tasks().forEach(t -> placed.add(t.taskArn()));
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      ListTasksResponse page = berth.ecs.listTasks(b -> b.cluster("reads").family("tiny").maxResults(4).nextToken(next));
      seen.addAll(page.taskArns());
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertEquals(4, pages);
    assertEquals(placed.stream().sorted().toList(), seen.stream().sorted().toList());
  }

  @Test
  void binpackOnMemoryFillsOneInstanceBeforeTheNext() {
    berth.ecs.registerTaskDefinition(b -> b.family("packed").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(1).memory(1024).build()));
    List<Task> tasks = berth.ecs.runTask(b -> b.cluster("reads").taskDefinition("packed").count(3)
        .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("memory").build()))
        .tasks();
    assertEquals(3, tasks.size());
    assertEquals(1, tasks.stream().map(Task::containerInstanceArn).distinct().count(),
        "binpack keeps choosing the instance with the least memory left");
  }

  @Test
  void describeReportsMissingItemsAndAcceptsIdsAndArns() {
    Task task = berth.ecs.runTask(b -> b.cluster("reads").taskDefinition("tiny")).tasks().get(0);
    String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    var described = berth.ecs.describeTasks(b -> b.cluster(berth.ecs.describeClusters(c -> c.clusters("reads"))
        .clusters().get(0).clusterArn()).tasks(id, task.taskArn(), "0123456789abcdef0123456789abcdef"));
    assertEquals(2, described.tasks().size());
    assertEquals(1, described.failures().size());
    assertEquals("MISSING", described.failures().get(0).reason());

    var clusters = berth.ecs.describeClusters(b -> b.clusters("reads", "nope"));
    assertEquals(1, clusters.clusters().size());
    assertEquals(3, clusters.clusters().get(0).registeredContainerInstancesCount());
    assertEquals("MISSING", clusters.failures().get(0).reason());
    assertThrows(ClusterNotFoundException.class, () -> berth.ecs.listTasks(b -> b.cluster("nope")));

    var instancesPage = berth.ecs.listContainerInstances(b -> b.cluster("reads").maxResults(2));
    assertEquals(2, instancesPage.containerInstanceArns().size());
    var rest = berth.ecs.listContainerInstances(b -> b.cluster("reads").nextToken(instancesPage.nextToken()));
    assertEquals(1, rest.containerInstanceArns().size());
    assertNull(rest.nextToken());
  }
}
