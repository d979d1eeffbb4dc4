package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListAccountSettingsResponse;
import software.amazon.awssdk.services.ecs.model.Setting;
import software.amazon.awssdk.services.ecs.model.SettingName;
import software.amazon.awssdk.services.ecs.model.SettingType;

/**
 * Account settings through the SDK and the AWS CLI: a fresh account's values (the long ARN formats
 * enabled), settings per principal and the account default, what a new cluster takes from them, the
 * refusals; and DiscoverPollEndpoint answering Berth's own address.
 */
class AccountSettingsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-account", Clock.systemUTC());
  private static Berth berth;
  private static String adminArn;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    adminArn = berth.ecs.putAccountSetting(b -> b.name(SettingName.AWSVPC_TRUNKING).value("disabled")).setting()
        .principalArn();
    berth.ecs.deleteAccountSetting(b -> b.name(SettingName.AWSVPC_TRUNKING));
  }

  private static Map<String, Setting> effective(EcsClient client, String principal) {
    Map<String, Setting> out = new TreeMap<>();
    client.listAccountSettingsPaginator(b -> b.effectiveSettings(true).principalArn(principal)).settings()
        .forEach(s -> out.put(s.nameAsString(), s));
    return out;
  }

  @Test
  void aFreshAccountShowsEcssDefaultsWithTheLongArnFormatsEnabled() {
    String fresh = "arn:aws:iam::000000000000:user/nobody-yet";
    ListAccountSettingsResponse first = berth.ecs.listAccountSettings(b -> b.effectiveSettings(true)
        .principalArn(fresh));
    assertEquals(10, first.settings().size(), "ten to a page by default");
    assertTrue(first.nextToken() != null);
    Map<String, Setting> all = effective(berth.ecs, fresh);
    assertEquals(11, all.size());
    for (String name : List.of("serviceLongArnFormat", "taskLongArnFormat", "containerInstanceLongArnFormat")) {
      assertEquals("enabled", all.get(name).value(), name);
      assertEquals(SettingType.AWS_MANAGED, all.get(name).type());
      assertEquals(fresh, all.get(name).principalArn());
    }
    assertEquals("disabled", all.get("containerInsights").value());
    assertEquals("non-blocking", all.get("defaultLogDriverMode").value());
    assertEquals(List.of(), berth.ecs.listAccountSettings(b -> b.principalArn(fresh)).settings(),
        "without effectiveSettings only what the principal set");
    assertEquals(List.of("taskLongArnFormat"), berth.ecs.listAccountSettings(b -> b.effectiveSettings(true)
        .name(SettingName.TASK_LONG_ARN_FORMAT).value("enabled").principalArn(fresh)).settings().stream()
        .map(Setting::nameAsString).toList());
    // pages of one, each name once
    List<String> names = new ArrayList<>();
    berth.ecs.listAccountSettingsPaginator(b -> b.effectiveSettings(true).principalArn(fresh).maxResults(1))
        .settings().forEach(s -> names.add(s.nameAsString()));
    assertEquals(new ArrayList<>(all.keySet()), names);
  }

  @Test
  void settingsArePerPrincipalOverTheAccountDefaultAndNewClustersTakeThem() {
    String[] otherKey = berth.server.userWithPolicy("other", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\"}]}");
    try (EcsClient other = berth.client(otherKey)) {
      Setting own = berth.ecs.putAccountSetting(b -> b.name(SettingName.CONTAINER_INSIGHTS).value("enabled"))
          .setting();
      assertEquals(adminArn, own.principalArn());
      assertEquals(SettingType.USER, own.type());
      assertEquals(List.of(own), berth.ecs.listAccountSettings(b -> b.name(SettingName.CONTAINER_INSIGHTS))
          .settings());
      String otherArn = other.listAccountSettings(b -> b.effectiveSettings(true)
          .name(SettingName.CONTAINER_INSIGHTS)).settings().get(0).principalArn();
      assertNotEquals(adminArn, otherArn);
      assertEquals("disabled", effective(other, otherArn).get("containerInsights").value(),
          "one principal's setting is its own");

      Setting account = berth.ecs.putAccountSettingDefault(b -> b.name(SettingName.CONTAINER_INSIGHTS)
          .value("enhanced")).setting();
      assertEquals("arn:aws:iam::000000000000:root", account.principalArn());
      assertEquals("enhanced", effective(other, otherArn).get("containerInsights").value());
      assertEquals("enabled", effective(berth.ecs, adminArn).get("containerInsights").value(),
          "a principal's own setting wins over the account default");

      berth.ecs.createCluster(b -> b.clusterName("by-admin"));
      other.createCluster(b -> b.clusterName("by-other"));
      assertEquals("enabled", insights("by-admin"));
      assertEquals("enhanced", insights("by-other"));

      Setting deleted = berth.ecs.deleteAccountSetting(b -> b.name(SettingName.CONTAINER_INSIGHTS)).setting();
      assertEquals("enabled", deleted.value());
      assertEquals("enhanced", effective(berth.ecs, adminArn).get("containerInsights").value());
      assertEquals(List.of(), berth.ecs.listAccountSettings(b -> b.name(SettingName.CONTAINER_INSIGHTS)).settings());
      // a setting for another principal, named explicitly
      berth.ecs.putAccountSetting(b -> b.name(SettingName.TAG_RESOURCE_AUTHORIZATION).value("on")
          .principalArn(otherArn));
      assertEquals("on", effective(other, otherArn).get("tagResourceAuthorization").value());
      berth.ecs.deleteAccountSetting(b -> b.name(SettingName.TAG_RESOURCE_AUTHORIZATION).principalArn(otherArn));
      berth.ecs.putAccountSettingDefault(b -> b.name(SettingName.CONTAINER_INSIGHTS).value("disabled"));
    }
  }

  private static String insights(String cluster) {
    return berth.ecs.describeClusters(b -> b.clusters(cluster).include(ClusterField.SETTINGS)).clusters().get(0)
        .settings().get(0).value();
  }

  @Test
  void badSettingsAreRefusedAndWriteNothing() {
    Object before = StoreSnapshot.of(berth);
    assertThrows(InvalidParameterException.class, () -> berth.ecs.putAccountSetting(b -> b
        .name(SettingName.CONTAINER_INSIGHTS).value("on")));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.putAccountSetting(b -> b
        .name(SettingName.SERVICE_LONG_ARN_FORMAT).value("disabled")));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.putAccountSettingDefault(b -> b
        .name(SettingName.TASK_LONG_ARN_FORMAT).value("disabled")));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.putAccountSetting(b -> b
        .name(SettingName.GUARD_DUTY_ACTIVATE).value("on")));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.putAccountSetting(b -> b
        .name(SettingName.FARGATE_TASK_RETIREMENT_WAIT_PERIOD).value("3")));
    for (String principal : List.of("not-an-arn", "arn:aws:iam::123456789012:user/elsewhere",
        "arn:aws:ecs:us-east-1:000000000000:cluster/x")) {
      assertThrows(InvalidParameterException.class, () -> berth.ecs.putAccountSetting(b -> b
          .name(SettingName.CONTAINER_INSIGHTS).value("enabled").principalArn(principal)), principal);
    }
    assertThrows(InvalidParameterException.class, () -> berth.ecs.listAccountSettings(b -> b.maxResults(11)));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.listAccountSettings(b -> b.value("enabled")));
    assertThrows(InvalidParameterException.class, () -> berth.ecs.listAccountSettings(b -> b.nextToken("junk")));
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void theCliPutsListsAndDeletesSettings() throws Exception {
    AwsCli cli = new AwsCli(berth);
    JsonNode put = cli.ecs("put-account-setting", "--name", "fargateFIPSMode", "--value", "enabled");
    assertEquals("user", put.path("setting").path("type").asText());
    JsonNode listed = cli.ecs("list-account-settings", "--name", "fargateFIPSMode");
    assertEquals("enabled", listed.path("settings").get(0).path("value").asText());
    JsonNode effective = cli.ecs("list-account-settings", "--effective-settings", "--name", "taskLongArnFormat");
    assertEquals("enabled", effective.path("settings").get(0).path("value").asText());
    assertEquals("aws_managed", effective.path("settings").get(0).path("type").asText());
    cli.ecs("put-account-setting-default", "--name", "awsvpcTrunking", "--value", "enabled");
    cli.ecs("delete-account-setting", "--name", "fargateFIPSMode");
    assertEquals(0, cli.ecs("list-account-settings", "--name", "fargateFIPSMode").path("settings").size());
    AwsCli.Result refused = cli.run("put-account-setting", "--name", "taskLongArnFormat", "--value", "disabled");
    assertNotEquals(0, refused.exitCode());
    assertTrue(refused.stderr().contains("InvalidParameterException"), refused.stderr());
    cli.ecs("put-account-setting-default", "--name", "awsvpcTrunking", "--value", "disabled");
  }

  @Test
  void discoverPollEndpointAnswersBerthsOwnAddress() throws Exception {
    var answer = berth.ecs.discoverPollEndpoint(b -> b.cluster("default"));
    URI endpoint = URI.create(answer.endpoint());
    assertEquals("http", endpoint.getScheme());
    assertEquals(URI.create(berth.url()).getPort(), endpoint.getPort());
    assertEquals(answer.endpoint(), answer.telemetryEndpoint());
    assertNull(answer.serviceConnectEndpoint());
    JsonNode cli = new AwsCli(berth).ecs("discover-poll-endpoint");
    assertEquals(answer.endpoint(), cli.path("endpoint").asText());
    // an agent's credential may ask too
    berth.createCluster("poll");
    String instance = berth.registerInstance("poll", 1024, 1024);
    String[] bootstrap = berth.server.agentBootstrapKey();
    var assumed = JSON.readTree(RawEcs.call(berth.url(), "AssumeInstanceIdentity", "{\"cluster\":\"poll\","
        + "\"containerInstance\":\"" + instance + "\"}", bootstrap).body()).path("credentials");
    String[] agent = {assumed.path("accessKeyId").asText(), assumed.path("secretAccessKey").asText(),
        assumed.path("sessionToken").asText()};
    var response = RawEcs.call(berth.url(), "DiscoverPollEndpoint", "{\"cluster\":\"poll\",\"containerInstance\":\""
        + instance + "\"}", agent);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(answer.endpoint(), JSON.readTree(response.body()).path("endpoint").asText());
    var denied = RawEcs.call(berth.url(), "PutAccountSetting", "{\"name\":\"containerInsights\",\"value\":\"enabled\"}",
        agent);
    assertEquals(400, denied.statusCode());
    assertTrue(denied.body().contains("AccessDenied"), denied.body());
  }
}
