package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.berth.core.tasks.StateChange;
import dev.berth.store.testing.Emulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * Who may do what, over HTTP against the endpoint: requests that fail authentication get ECS's error
 * and change nothing; users are held to their IAM policies; an agent's credential acts only for its
 * own instance; IAM is administered with the AWS CLI; refused and changing calls are in the audit trail.
 */
class AuthIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LIST_CLUSTERS = "{}";
  private static final OffsetClock CLOCK = new OffsetClock();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withEndpointClock("it-auth", CLOCK);
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    for (String cluster : List.of("a", "b")) {
      berth.createCluster(cluster);
      berth.registerInstance(cluster, 1024, 1024);
    }
    berth.ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(64).memory(32).build()));
  }

  @Test
  void requestsThatFailAuthenticationAreRefusedAndWriteNothing() throws Exception {
    String body = "{\"clusterName\":\"intruder\"}";
    String[] admin = berth.adminKey;
    Object before = StoreSnapshot.of(berth);
    assertRefused("MissingAuthenticationTokenException", RawEcs.call(berth.url(), "CreateCluster", body, null));
    assertRefused("InvalidSignatureException",
        RawEcs.call(berth.url(), "CreateCluster", body, new String[] {admin[0], admin[1] + "x"}));
    assertRefused("UnrecognizedClientException",
        RawEcs.call(berth.url(), "CreateCluster", body, new String[] {"BKIAAAAAAAAAAAAAAAAA", admin[1]}));
    assertRefused("InvalidSignatureException", signedFor("CreateCluster", body, admin, "ecs", "eu-west-1"));
    assertRefused("InvalidSignatureException", signedFor("CreateCluster", body, admin, "sqs", "us-east-1"));
    // tampered: signed for one body or operation, sent with another
    Map<String, String> headers = ecsHeaders("CreateCluster");
    Map<String, String> signature = SigV4.signature(URI.create(berth.url()), headers,
        "{\"clusterName\":\"x\"}".getBytes(StandardCharsets.UTF_8), admin, "ecs", "us-east-1");
    Map<String, String> sent = new LinkedHashMap<>(headers);
    sent.putAll(signature);
    assertRefused("InvalidSignatureException", RawEcs.withHeaders(berth.url(), sent, body));
    Map<String, String> otherTarget = new LinkedHashMap<>(sent);
    otherTarget.put("X-Amz-Target", RawEcs.TARGET_PREFIX + "DeleteCluster");
    assertRefused("InvalidSignatureException", RawEcs.withHeaders(berth.url(), otherTarget,
        "{\"clusterName\":\"x\"}"));
    assertEquals(before, StoreSnapshot.of(berth), "refused requests wrote nothing");
  }

  @Test
  void aSignatureOlderThanFiveMinutesIsRefused() throws Exception {
    Map<String, String> headers = ecsHeaders("ListClusters");
    Map<String, String> sent = new LinkedHashMap<>(headers);
    sent.putAll(SigV4.signature(URI.create(berth.url()), headers, LIST_CLUSTERS.getBytes(StandardCharsets.UTF_8),
        berth.adminKey, "ecs", "us-east-1"));
    CLOCK.advance(Duration.ofMinutes(15));
    try {
      HttpResponse<String> response = RawEcs.withHeaders(berth.url(), sent, LIST_CLUSTERS);
      assertRefused("InvalidSignatureException", response);
      assertTrue(response.body().contains("Signature expired"), response.body());
    } finally {
      CLOCK.advance(Duration.ofMinutes(-15));
    }
  }

  @Test
  void usersAreHeldToTheirPolicies() throws Exception {
    String onlyA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:RunTask\","
        + "\"Resource\":\"*\",\"Condition\":{\"ArnEquals\":{\"ecs:cluster\":\"arn:aws:ecs:us-east-1:000000000000:"
        + "cluster/a\"}}},{\"Effect\":\"Allow\",\"Action\":[\"ecs:Describe*\",\"ecs:List*\"],\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"ecs:ListClusters\",\"Resource\":\"*\"}]}";
    try (EcsClient user = berth.client(berth.server.userWithPolicy("runner", onlyA));
        EcsClient nobody = berth.client(berth.server.userWithPolicy("nobody",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotAction\":\"iam:GetUser\","
                + "\"Resource\":\"*\"}]}"))) {
      assertEquals(1, user.runTask(b -> b.cluster("a").taskDefinition("web")).tasks().size());
      Object before = StoreSnapshot.of(berth);
      assertDenied(() -> user.runTask(b -> b.cluster("b").taskDefinition("web")), "ecs:RunTask");
      assertDenied(() -> user.createCluster(b -> b.clusterName("c")), "no identity-based policy allows");
      assertDenied(user::listClusters, "explicit deny");
      assertDenied(() -> nobody.describeClusters(b -> b.clusters("a")), "explicit deny");
      assertEquals(before, StoreSnapshot.of(berth), "refused calls wrote nothing");
      assertEquals("a", user.describeClusters(b -> b.clusters("a")).clusters().get(0).clusterName());
    }
  }

  @Test
  void iamIsAdministeredWithTheAwsCli() throws Exception {
    AwsCli cli = new AwsCli(berth);
    assertEquals(0, cli.service("iam", "create-user", "--user-name", "ops").exitCode());
    AwsCli.Result again = cli.service("iam", "create-user", "--user-name", "ops");
    assertTrue(again.stderr().contains("EntityAlreadyExists"), again.stderr());
    AwsCli.Result policy = cli.service("iam", "put-user-policy", "--user-name", "ops", "--policy-name", "read",
        "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "\"ecs:List*\",\"Resource\":\"*\"}]}");
    assertEquals(0, policy.exitCode(), policy.stderr());
    AwsCli.Result malformed = cli.service("iam", "put-user-policy", "--user-name", "ops", "--policy-name", "bad",
        "--policy-document", "{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
    assertTrue(malformed.stderr().contains("MalformedPolicyDocument"), malformed.stderr());
    JsonNode key = JSON.readTree(cli.service("iam", "create-access-key", "--user-name", "ops").stdout())
        .path("AccessKey");
    String[] opsKey = {key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText()};
    JsonNode got = JSON.readTree(cli.service("iam", "get-user-policy", "--user-name", "ops", "--policy-name", "read")
        .stdout());
    assertEquals("ecs:List*", got.path("PolicyDocument").path("Statement").get(0).path("Action").asText());
    AwsCli ops = new AwsCli(berth.url(), opsKey);
    assertTrue(ops.ecs("list-clusters").path("clusterArns").size() >= 2);
    AwsCli.Result denied = ops.run("create-cluster", "--cluster-name", "nope");
    assertTrue(denied.stderr().contains("AccessDeniedException"), denied.stderr());
    assertTrue(JSON.readTree(cli.service("iam", "list-users").stdout()).path("Users").toString().contains("ops"));

    // a deactivated key stops working once the endpoint's cache of it expires
    assertEquals(0, cli.service("iam", "update-access-key", "--user-name", "ops", "--access-key-id", opsKey[0],
        "--status", "Inactive").exitCode());
    CLOCK.advance(Duration.ofSeconds(61));
    try {
      AwsCli.Result inactive = ops.run("list-clusters");
      assertTrue(inactive.stderr().contains("UnrecognizedClientException"), inactive.stderr());
    } finally {
      CLOCK.advance(Duration.ofSeconds(-61));
    }
    AwsCli.Result conflict = cli.service("iam", "delete-user", "--user-name", "ops");
    assertTrue(conflict.stderr().contains("DeleteConflict"), conflict.stderr());

    // the audit trail has the refusal and the changes, with who made them, and no secret
    JsonNode events = JSON.readTree(cli.service("cloudtrail", "lookup-events", "--lookup-attributes",
        "AttributeKey=Username,AttributeValue=ops").stdout()).path("Events");
    assertTrue(events.toString().contains("CreateCluster"), events.toString());
    JsonNode refusal = JSON.readTree(events.get(0).path("CloudTrailEvent").asText());
    assertEquals("AccessDenied", refusal.path("errorCode").asText());
    assertEquals(opsKey[0], refusal.path("userIdentity").path("accessKeyId").asText());
    JsonNode all = JSON.readTree(cli.service("cloudtrail", "lookup-events").stdout()).path("Events");
    assertTrue(all.toString().contains("CreateAccessKey"), all.toString());
    assertFalse(all.toString().contains(opsKey[1]), "no secret in the audit trail");
  }

  @Test
  void anAgentActsOnlyForItsOwnInstance() throws Exception {
    String[] bootstrap = berth.server.agentBootstrapKey();
    String own = berth.registerInstance("a", 1024, 1024);
    String other = berth.registerInstance("a", 1024, 1024);
    HttpResponse<String> assumed = RawEcs.call(berth.url(), "AssumeInstanceIdentity",
        "{\"cluster\":\"a\",\"containerInstance\":\"" + own + "\"}", bootstrap);
    assertEquals(200, assumed.statusCode(), assumed.body());
    JsonNode c = JSON.readTree(assumed.body()).path("credentials");
    String[] agent = {c.path("accessKeyId").asText(), c.path("secretAccessKey").asText(),
        c.path("sessionToken").asText()};

    assertEquals(200, RawEcs.call(berth.url(), "Heartbeat",
        "{\"cluster\":\"a\",\"containerInstance\":\"" + own + "\"}", agent).statusCode());
    String otherTask = berth.ecs.startTask(b -> b.cluster("a").taskDefinition("web").containerInstances(other))
        .tasks().get(0).taskArn();
    Object before = StoreSnapshot.of(berth);
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "Heartbeat",
        "{\"cluster\":\"a\",\"containerInstance\":\"" + other + "\"}", agent));
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "StopTask",
        "{\"cluster\":\"a\",\"task\":\"" + otherTask + "\"}", agent));
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "SubmitTaskStateChange",
        "{\"cluster\":\"a\",\"task\":\"" + otherTask + "\",\"status\":\"STOPPED\"}", agent));
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "RunTask",
        "{\"cluster\":\"a\",\"taskDefinition\":\"web\"}", agent));
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "AssumeInstanceIdentity",
        "{\"cluster\":\"a\",\"containerInstance\":\"" + other + "\"}", agent));
    assertEquals(before, StoreSnapshot.of(berth), "refused agent calls wrote nothing");
    // DescribeTasks answers another instance's task as missing, as if it did not exist
    JsonNode described = JSON.readTree(RawEcs.call(berth.url(), "DescribeTasks",
        "{\"cluster\":\"a\",\"tasks\":[\"" + otherTask + "\"]}", agent).body());
    assertEquals(0, described.path("tasks").size(), described.toString());
    assertEquals("MISSING", described.path("failures").get(0).path("reason").asText());
    // the bootstrap key itself may register, and nothing else
    assertRefused("AccessDeniedException", RawEcs.call(berth.url(), "ListClusters", LIST_CLUSTERS, bootstrap));
  }

  @Test
  void aResourceTagConditionDecidesByTheResourcesOwnTags() throws Exception {
    berth.ecs.createCluster(b -> b.clusterName("red").tags(software.amazon.awssdk.services.ecs.model.Tag.builder()
        .key("team").value("red").build()));
    berth.ecs.createCluster(b -> b.clusterName("blue").tags(software.amazon.awssdk.services.ecs.model.Tag.builder()
        .key("team").value("blue").build()));
    try (EcsClient red = berth.client(berth.server.userWithPolicy("red-team", "{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:DescribeClusters\",\"Resource\":"
        + "\"arn:aws:ecs:*:*:cluster/*\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":\"red\"}}}]}"))) {
      assertEquals("red", red.describeClusters(b -> b.clusters("red")).clusters().get(0).clusterName());
      assertDenied(() -> red.describeClusters(b -> b.clusters("blue")), "ecs:DescribeClusters");
      assertDenied(() -> red.describeClusters(b -> b.clusters("red", "blue")), "cluster/blue");
    }
  }

  @Test
  void aDeletedKeyStopsWorkingAndTheAuditTrailTellsWhatHappenedInOrder() throws Exception {
    AwsCli cli = new AwsCli(berth);
    assertEquals(0, cli.service("iam", "create-user", "--user-name", "temp").exitCode());
    assertEquals(0, cli.service("iam", "put-user-policy", "--user-name", "temp", "--policy-name", "p",
        "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "\"ecs:CreateCluster\",\"Resource\":\"arn:aws:ecs:us-east-1:000000000000:cluster/temp-*\"}]}")
        .exitCode());
    JsonNode key = JSON.readTree(cli.service("iam", "create-access-key", "--user-name", "temp").stdout())
        .path("AccessKey");
    String[] tempKey = {key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText()};
    AwsCli temp = new AwsCli(berth.url(), tempKey);
    temp.ecs("create-cluster", "--cluster-name", "temp-1");
    assertTrue(temp.run("create-cluster", "--cluster-name", "other").stderr().contains("AccessDeniedException"));
    temp.run("describe-clusters", "--clusters", "temp-1"); // refused too, and recorded as such
    assertEquals(0, cli.service("iam", "delete-access-key", "--user-name", "temp", "--access-key-id", tempKey[0])
        .exitCode());
    CLOCK.advance(Duration.ofSeconds(61));
    try {
      assertTrue(temp.run("create-cluster", "--cluster-name", "temp-2").stderr()
          .contains("UnrecognizedClientException"));
    } finally {
      CLOCK.advance(Duration.ofSeconds(-61));
    }
    // newest first: every refusal (reads too) and every change, with who made it
    // (the refusal was recorded at the moved clock's time, a minute ahead, hence the end time)
    JsonNode events = JSON.readTree(cli.service("cloudtrail", "lookup-events", "--lookup-attributes",
        "AttributeKey=AccessKeyId,AttributeValue=" + tempKey[0], "--end-time",
        java.time.Instant.now().plusSeconds(300).toString()).stdout()).path("Events");
    List<String> seen = new java.util.ArrayList<>();
    for (JsonNode event : events) {
      JsonNode record = JSON.readTree(event.path("CloudTrailEvent").asText());
      seen.add(event.path("EventName").asText() + ":" + record.path("errorCode").asText("-") + ":"
          + record.path("userIdentity").path("userName").asText("?"));
      assertEquals(tempKey[0], record.path("userIdentity").path("accessKeyId").asText());
    }
    assertEquals(List.of("CreateCluster:UnrecognizedClient:?", "DescribeClusters:AccessDenied:temp",
        "CreateCluster:AccessDenied:temp", "CreateCluster:-:temp"), seen);
    assertFalse(events.toString().contains(tempKey[1]), "no secret in the audit trail");
  }

  @Test
  void aReportForgedOntoTheQueueForAnotherInstancesTaskIsDropped() throws Exception {
    String own = berth.registerInstance("b", 1024, 1024);
    String other = berth.registerInstance("b", 1024, 1024);
    var task = berth.ecs.startTask(b -> b.cluster("b").taskDefinition("web").containerInstances(other)).tasks().get(0);
    String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    // what the endpoint would have refused, put straight on the queue as if it had got through
    StateChange forged = new StateChange(StateChange.TASK, "b", id, "STOPPED", "forged", List.of(), null, null, null,
        java.time.Instant.now()).by(own);
    Emulator.sqs().sendMessage(b -> b.queueUrl(berth.config.taskStateQueueUrl()).messageBody(forged.toJson()));
    assertEquals(1, berth.drainTaskStateQueue());
    assertEquals("PENDING", berth.ecs.describeTasks(b -> b.cluster("b").tasks(task.taskArn())).tasks().get(0)
        .lastStatus(), "the forged STOPPED changed nothing");
    // the same report from the task's own agent is applied
    StateChange genuine = new StateChange(StateChange.TASK, "b", id, "RUNNING", null, List.of(), null, null, null,
        java.time.Instant.now()).by(other);
    Emulator.sqs().sendMessage(b -> b.queueUrl(berth.config.taskStateQueueUrl()).messageBody(genuine.toJson()));
    berth.drainTaskStateQueue();
    assertEquals("RUNNING", berth.ecs.describeTasks(b -> b.cluster("b").tasks(task.taskArn())).tasks().get(0)
        .lastStatus());
  }

  @Test
  void aBurstPastTheBucketIsThrottledAndTheSdksRetrySucceeds() throws Exception {
    String[] key = berth.server.userWithPolicy("creator", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"ecs:CreateCluster\",\"Resource\":\"*\"}]}");
    int throttled = 0;
    try (EcsClient noRetries = berth.client(key)) {
      // cluster modify: a bucket of 20, refilled at 1 a second (creating an existing cluster changes nothing)
      for (int i = 0; i < 30; i++) {
        try {
          noRetries.createCluster(b -> b.clusterName("a"));
        } catch (EcsException e) {
          assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
          assertEquals(400, e.statusCode());
          assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
          throttled++;
        }
      }
    }
    assertTrue(throttled >= 5, "a burst of 30 passed a bucket of 20: " + throttled + " throttled");
    try (EcsClient retrying = EcsClient.builder().endpointOverride(URI.create(berth.url()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key[0], key[1])))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryPolicy(software.amazon.awssdk.core.retry.RetryPolicy.builder(
            software.amazon.awssdk.core.retry.RetryMode.STANDARD).numRetries(8).build()))
        .build()) {
      for (int i = 0; i < 3; i++) {
        assertEquals("a", retrying.createCluster(b -> b.clusterName("a")).cluster().clusterName());
      }
    }
  }

  private static HttpResponse<String> signedFor(String operation, String body, String[] key, String service,
      String region) throws Exception {
    Map<String, String> headers = ecsHeaders(operation);
    Map<String, String> sent = new LinkedHashMap<>(headers);
    sent.putAll(SigV4.signature(URI.create(berth.url()), headers, body.getBytes(StandardCharsets.UTF_8), key,
        service, region));
    return RawEcs.withHeaders(berth.url(), sent, body);
  }

  private static Map<String, String> ecsHeaders(String operation) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.put("X-Amz-Target", RawEcs.TARGET_PREFIX + operation);
    return headers;
  }

  private static void assertRefused(String type, HttpResponse<String> response) throws Exception {
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(type, JSON.readTree(response.body()).path("__type").asText(), response.body());
  }

  private static void assertDenied(Runnable call, String messagePart) {
    try {
      call.run();
    } catch (EcsException e) {
      assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e.getMessage());
      assertTrue(e.getMessage().contains(messagePart), e.getMessage());
      return;
    }
    throw new AssertionError("the call was allowed");
  }
}
