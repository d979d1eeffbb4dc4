package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ExecuteCommandLogging;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * UpdateCluster, UpdateClusterSettings and DeleteTaskDefinitions through the SDK and the AWS CLI:
 * settings and configuration kept and shown by DescribeClusters only when asked, what Berth does not
 * implement refused, and task definition revisions deleted only once deregistered.
 */
class ClusterSettingsIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-cluster-settings", Clock.systemUTC());
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
  }

  private static ClusterSetting insights(String value) {
    return ClusterSetting.builder().name(ClusterSettingName.CONTAINER_INSIGHTS).value(value).build();
  }

  private static Cluster describe(String name, ClusterField... include) {
    return berth.ecs.describeClusters(b -> b.clusters(name).include(include)).clusters().get(0);
  }

  @Test
  void settingsAndConfigurationAreKeptAndShownWhenAsked() {
    berth.ecs.createCluster(b -> b.clusterName("insights").settings(insights("enabled")));
    assertEquals(List.of(insights("enabled")), describe("insights", ClusterField.SETTINGS).settings());
    assertFalse(describe("insights").hasSettings(), "settings only with include SETTINGS");

    Cluster updated = berth.ecs.updateClusterSettings(b -> b.cluster("insights").settings(insights("enhanced")))
        .cluster();
    assertEquals(List.of(insights("enhanced")), updated.settings());
    assertEquals(List.of(insights("enhanced")), describe("insights", ClusterField.SETTINGS).settings());

    Cluster configured = berth.ecs.updateCluster(b -> b.cluster("insights").configuration(c -> c
        .executeCommandConfiguration(e -> e.logging(ExecuteCommandLogging.OVERRIDE).logConfiguration(l -> l
            .cloudWatchLogGroupName("exec-logs").cloudWatchEncryptionEnabled(true))))).cluster();
    assertEquals("exec-logs", configured.configuration().executeCommandConfiguration().logConfiguration()
        .cloudWatchLogGroupName());
    Cluster shown = describe("insights", ClusterField.CONFIGURATIONS, ClusterField.SETTINGS);
    assertEquals(ExecuteCommandLogging.OVERRIDE, shown.configuration().executeCommandConfiguration().logging());
    assertTrue(shown.configuration().executeCommandConfiguration().logConfiguration().cloudWatchEncryptionEnabled());
    assertEquals(List.of(insights("enhanced")), shown.settings(), "a configuration update leaves settings alone");
    assertNull(describe("insights").configuration());

    // settings in UpdateCluster, configuration left as it was
    berth.ecs.updateCluster(b -> b.cluster("insights").settings(insights("disabled")));
    Cluster after = describe("insights", ClusterField.CONFIGURATIONS, ClusterField.SETTINGS);
    assertEquals(List.of(insights("disabled")), after.settings());
    assertEquals("exec-logs", after.configuration().executeCommandConfiguration().logConfiguration()
        .cloudWatchLogGroupName());
  }

  @Test
  void badUpdatesAreRefusedAndWriteNothing() {
    berth.ecs.createCluster(b -> b.clusterName("strict"));
    Object before = StoreSnapshot.of(berth);
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.updateClusterSettings(b -> b.cluster("strict").settings(insights("sometimes"))));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.updateClusterSettings(b -> b.cluster("strict")
        .settings(List.of())));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.updateCluster(b -> b.cluster("strict")
        .serviceConnectDefaults(s -> s.namespace("ns"))));
    assertThrows(ClusterNotFoundException.class,
        () -> berth.ecs.updateClusterSettings(b -> b.cluster("nowhere").settings(insights("enabled"))));
    assertThrows(ClusterNotFoundException.class,
        () -> berth.ecs.updateCluster(b -> b.cluster("nowhere").settings(insights("enabled"))));
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.createCluster(b -> b.clusterName("bad-setting").settings(insights("maybe"))));
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void onlyDeregisteredRevisionsAreDeletedAndTheyStartNothingMore() {
    for (int i = 0; i < 3; i++) {
      berth.ecs.registerTaskDefinition(b -> b.family("doomed").containerDefinitions(
          ContainerDefinition.builder().name("c").image("busybox").cpu(16).memory(16).build()));
    }
    String first = berth.ecs.describeTaskDefinition(b -> b.taskDefinition("doomed:1")).taskDefinition()
        .taskDefinitionArn();
    berth.ecs.deregisterTaskDefinition(b -> b.taskDefinition("doomed:1"));
    berth.ecs.deregisterTaskDefinition(b -> b.taskDefinition("doomed:2"));

    var response = berth.ecs.deleteTaskDefinitions(b -> b.taskDefinitions(first, "doomed:2", "doomed:3",
        "doomed:9"));
    assertEquals(List.of("doomed:1", "doomed:2"), response.taskDefinitions().stream()
        .map(d -> d.family() + ":" + d.revision()).toList());
    assertTrue(response.taskDefinitions().stream()
        .allMatch(d -> d.status() == TaskDefinitionStatus.DELETE_IN_PROGRESS));
    assertEquals(2, response.failures().size());
    assertTrue(response.failures().get(0).arn().endsWith("task-definition/doomed:3"));
    assertTrue(response.failures().get(0).reason().contains("ACTIVE"), response.failures().get(0).reason());
    assertTrue(response.failures().get(1).arn().endsWith("task-definition/doomed:9"));

    assertEquals(TaskDefinitionStatus.DELETE_IN_PROGRESS,
        berth.ecs.describeTaskDefinition(b -> b.taskDefinition("doomed:1")).taskDefinition().status());
    assertEquals(2, berth.ecs.listTaskDefinitions(b -> b.familyPrefix("doomed").status("DELETE_IN_PROGRESS"))
        .taskDefinitionArns().size());
    // deleting again answers the same; the numbering goes on
    assertEquals(1, berth.ecs.deleteTaskDefinitions(b -> b.taskDefinitions("doomed:1")).taskDefinitions().size());
    assertEquals(4, berth.ecs.registerTaskDefinition(b -> b.family("doomed").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(16).memory(16).build())).taskDefinition()
        .revision());

    berth.createCluster("deleting");
    berth.registerInstance("deleting", 1024, 1024);
    Object before = StoreSnapshot.of(berth);
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.runTask(b -> b.cluster("deleting").taskDefinition("doomed:2")));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.createService(b -> b.cluster("deleting")
        .serviceName("s").taskDefinition("doomed:2").desiredCount(1)));
    // a family without revision, more than ten, none
    assertThrows(InvalidParameterException.class,
        () -> berth.ecs.deleteTaskDefinitions(b -> b.taskDefinitions("doomed")));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.deleteTaskDefinitions(b -> b.taskDefinitions(
        "a:1", "a:2", "a:3", "a:4", "a:5", "a:6", "a:7", "a:8", "a:9", "a:10", "a:11")));
    assertThrows(ClientException.class, () -> berth.ecs.deleteTaskDefinitions(b -> b.taskDefinitions("doomed:0")));
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void theCliUpdatesAClusterAndDeletesARevision() throws Exception {
    AwsCli cli = new AwsCli(berth);
    berth.ecs.createCluster(b -> b.clusterName("cli-settings"));
    JsonNode updated = cli.ecs("update-cluster-settings", "--cluster", "cli-settings", "--settings",
        "name=containerInsights,value=enabled");
    assertEquals("enabled", updated.path("cluster").path("settings").get(0).path("value").asText());
    JsonNode configured = cli.ecs("update-cluster", "--cluster", "cli-settings", "--configuration",
        "executeCommandConfiguration={logging=DEFAULT}");
    assertEquals("DEFAULT", configured.path("cluster").path("configuration").path("executeCommandConfiguration")
        .path("logging").asText());
    JsonNode described = cli.ecs("describe-clusters", "--clusters", "cli-settings", "--include", "SETTINGS",
        "CONFIGURATIONS");
    assertEquals("enabled", described.path("clusters").get(0).path("settings").get(0).path("value").asText());
    assertEquals("DEFAULT", described.path("clusters").get(0).path("configuration")
        .path("executeCommandConfiguration").path("logging").asText());
    AwsCli.Result refused = cli.run("update-cluster-settings", "--cluster", "cli-settings", "--settings",
        "name=containerInsights,value=on");
    assertNotEquals(0, refused.exitCode());
    assertTrue(refused.stderr().contains("InvalidParameterException"), refused.stderr());

    cli.ecs("register-task-definition", "--family", "cli-doomed", "--container-definitions",
        "[{\"name\":\"c\",\"image\":\"busybox\",\"memory\":16}]");
    cli.ecs("deregister-task-definition", "--task-definition", "cli-doomed:1");
    JsonNode deleted = cli.ecs("delete-task-definitions", "--task-definitions", "cli-doomed:1");
    assertEquals("DELETE_IN_PROGRESS", deleted.path("taskDefinitions").get(0).path("status").asText());
    assertEquals(0, deleted.path("failures").size());
  }
}
