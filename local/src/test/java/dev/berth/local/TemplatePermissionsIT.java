package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.functions.endpoint.KmsMasterKey;
import dev.berth.functions.reconciler.ReconcilerComponent;
import dev.berth.functions.reconciler.ReconcilerHandler;
import dev.berth.functions.reconciler.SweepHandler;
import dev.berth.store.AwsModule;
import dev.berth.store.DynamoAgentConnectionStore;
import dev.berth.store.testing.Emulator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * Least privilege, checked: every function's template policies grant exactly the AWS calls its code
 * makes. A workload that touches every function runs against the emulator while each SDK call is
 * recorded with the function that made it; the test fails when a call is not granted, when a function
 * is granted a table, queue or key it never uses, and when a read-write grant is only ever read.
 */
class TemplatePermissionsIT {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  /** The IAM actions of each policy template SAM expands (its policy_templates.json). */
  private static final Map<String, Set<String>> TEMPLATES = Map.of(
      "DynamoDBCrudPolicy", Set.of("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan",
          "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
          "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"),
      "DynamoDBReadPolicy", Set.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
          "dynamodb:DescribeTable"),
      "SQSSendMessagePolicy", Set.of("sqs:SendMessage", "sqs:SendMessageBatch"),
      "SQSPollerPolicy", Set.of("sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch",
          "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"),
      "LambdaInvokePolicy", Set.of("lambda:InvokeFunction"),
      "EventBridgePutEventsPolicy", Set.of("events:PutEvents"));
  private static final Set<String> WRITES = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem");

  /** One grant: a function may call {@code actions} on the template resource {@code resource}. */
  private record Grant(String function, String policy, String resource, Set<String> actions) {}

  @Test
  void everyFunctionIsGrantedExactlyWhatItCalls() throws Exception {
    KmsClient kms = KmsClient.builder().endpointOverride(Emulator.endpoint()).region(Region.US_EAST_1)
        .httpClient(AwsModule.httpClient()).credentialsProvider(AwsModule.credentials()).build();
    var masterKey = kms.createKey(b -> b.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
        .keyMetadata();
    String keyId = masterKey.arn();
    Map<String, String> logicalIds;
    try (Berth berth = Berth.startWithMasterKey("it-perms", new KmsMasterKey(kms, keyId))) {
      logicalIds = logicalIds(berth, keyId);
      AwsCallRecorder.CALLS.clear();
      AwsCallRecorder.recording = true;
      try {
        workload(berth);
      } finally {
        AwsCallRecorder.recording = false;
      }
    } finally {
      // a KMS key is never deleted at once: scheduled for deletion, as on AWS, it is out of use
      kms.scheduleKeyDeletion(b -> b.keyId(masterKey.keyId()).pendingWindowInDays(7));
      kms.close();
    }
    Map<String, List<Grant>> grants = grants();
    List<String> problems = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (AwsCallRecorder.Call call : AwsCallRecorder.CALLS) {
      String resource = logicalIds.getOrDefault(call.resource(), call.resource());
      boolean granted = false;
      for (Grant grant : grants.getOrDefault(call.function(), List.of())) {
        if (grant.resource().equals(resource) && grant.actions().contains(call.action())) {
          granted = true;
          used.add(grant.function() + " " + grant.policy() + " " + grant.resource());
          if (WRITES.contains(call.action())) {
            used.add(grant.function() + " writes " + grant.resource());
          }
        }
      }
      if (!granted) {
        problems.add(call.function() + " calls " + call.action() + " on " + resource + " without a grant");
      }
    }
    for (List<Grant> ofFunction : grants.values()) {
      for (Grant grant : ofFunction) {
        String key = grant.function() + " " + grant.policy() + " " + grant.resource();
        if (grant.policy().equals("SQSPollerPolicy")) {
          continue; // Lambda's event source mapping polls with the function's role; checked below
        }
        if (!used.contains(key)) {
          problems.add(grant.function() + " is granted " + grant.policy() + " on " + grant.resource()
              + " and never uses it");
        } else if (grant.policy().equals("DynamoDBCrudPolicy")
            && !used.contains(grant.function() + " writes " + grant.resource())) {
          problems.add(grant.function() + " only reads " + grant.resource() + ": DynamoDBReadPolicy is enough");
        }
      }
    }
    problems.addAll(pollersWithoutEventSource(grants));
    assertEquals(List.of(), new TreeSet<>(problems).stream().toList());
    assertTrue(AwsCallRecorder.CALLS.size() > 20, "the workload made the calls it should");
  }

  /** Every function, set in motion the way its triggers would. */
  private static void workload(Berth berth) throws Exception {
    AwsCli cli = new AwsCli(berth);
    assertEquals(0, cli.service("iam", "create-user", "--user-name", "perm").exitCode());
    assertEquals(0, cli.service("cloudtrail", "lookup-events").exitCode());
    berth.ecs.putAccountSetting(b -> b.name("containerInsights").value("enabled"));
    berth.createCluster("perm");
    // a tagged create: the endpoint reads the caller's tagResourceAuthorization setting
    berth.ecs.createCluster(b -> b.clusterName("perm-tagged").tags(t -> t.key("team").value("a")));
    String first = berth.registerInstance("perm", 2048, 2048);
    String second = berth.registerInstance("perm", 2048, 2048);
    berth.heartbeat("perm", first);
    // connections whose agents have gone: each wake finds its connection gone and forgets it
    staleConnections(berth, first, second);
    berth.ecs.registerTaskDefinition(b -> b.family("perm").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(64).memory(32).build()));
    String task = berth.ecs.runTask(b -> b.cluster("perm").taskDefinition("perm").clientToken("perm-1")).tasks()
        .get(0).taskArn();
    berth.ecs.startTask(b -> b.cluster("perm").taskDefinition("perm").containerInstances(second));
    berth.post("SubmitTaskStateChange", "{\"cluster\":\"perm\",\"task\":\"" + task + "\",\"status\":\"RUNNING\"}");
    berth.drainTaskStateQueue();
    berth.ecs.tagResource(b -> b.resourceArn(task).tags(t -> t.key("k").value("v")));
    berth.ecs.listTagsForResource(b -> b.resourceArn(task));
    berth.ecs.describeTasks(b -> b.cluster("perm").tasks(task));
    berth.ecs.listTasks(b -> b.cluster("perm"));
    berth.ecs.describeClusters(b -> b.clusters("perm"));
    berth.ecs.listContainerInstances(b -> b.cluster("perm"));
    berth.ecs.describeContainerInstances(b -> b.cluster("perm").containerInstances(first));
    berth.ecs.describeTaskDefinition(b -> b.taskDefinition("perm"));
    berth.ecs.listTaskDefinitions();
    berth.ecs.listTaskDefinitionFamilies();
    berth.ecs.createService(b -> b.cluster("perm").serviceName("svc").taskDefinition("perm").desiredCount(2));
    ReconcilerComponent reconciler = berth.reconcilerAt(Clock.systemUTC());
    staleConnections(berth, first, second);
    new SweepHandler(reconciler).handle(null);
    berth.drainQueue(berth.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler));
    // its tasks start: the task-state function wakes the service, whose pass then waits for health
    for (String serviceTask : berth.ecs.listTasks(b -> b.cluster("perm").startedBy(
        berth.ecs.describeServices(d -> d.cluster("perm").services("svc")).services().get(0).deployments().get(0)
            .id())).taskArns()) {
      berth.post("SubmitTaskStateChange", "{\"cluster\":\"perm\",\"task\":\"" + serviceTask
          + "\",\"status\":\"RUNNING\"}");
    }
    berth.drainTaskStateQueue();
    berth.drainQueue(berth.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler));
    String protectedTask = berth.ecs.listTasks(b -> b.cluster("perm").serviceName("svc")).taskArns().get(0);
    berth.ecs.updateTaskProtection(b -> b.cluster("perm").tasks(protectedTask).protectionEnabled(true));
    berth.ecs.getTaskProtection(b -> b.cluster("perm").tasks(protectedTask));
    berth.ecs.updateTaskProtection(b -> b.cluster("perm").tasks(protectedTask).protectionEnabled(false));
    agent(berth, first);
    taggedReader(berth);
    loadBalanced(berth, reconciler);
    berth.ecs.updateService(b -> b.cluster("perm").service("svc").desiredCount(1));
    berth.drainQueue(berth.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler));
    berth.ecs.describeServices(b -> b.cluster("perm").services("svc"));
    berth.ecs.listServices(b -> b.cluster("perm"));
    berth.ecs.stopTask(b -> b.cluster("perm").task(task));
    berth.post("SubmitTaskStateChange", "{\"cluster\":\"perm\",\"task\":\"" + task + "\",\"status\":\"STOPPED\"}");
    berth.drainTaskStateQueue();
    berth.ecs.updateContainerInstancesState(b -> b.cluster("perm").containerInstances(second).status("DRAINING"));
    berth.ecs.deleteService(b -> b.cluster("perm").service("svc").force(true));
    berth.drainQueue(berth.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler));
    berth.ecs.deregisterContainerInstance(b -> b.cluster("perm").containerInstance(second).force(true));
    berth.ecs.deregisterTaskDefinition(b -> b.taskDefinition("perm:1"));
    new SweepHandler(reconciler).handle(null);
    berth.drainQueue(berth.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler));
  }

  /**
   * A service behind a target group: CreateService looks the group up; its task is registered once
   * RUNNING, its health read, and it is deregistered (after reading the delay) when scaled in.
   */
  private static void loadBalanced(Berth berth, ReconcilerComponent reconciler) throws Exception {
    try (ElbFixture elb = ElbFixture.create()) {
      String group = elb.targetGroup("perm", "instance", true, 0);
      String ec2 = elb.instances(1).get(0);
      berth.ecs.registerContainerInstance(b -> b.cluster("perm").instanceIdentityDocument("{\"instanceId\":\"" + ec2
          + "\",\"instanceType\":\"t3.micro\"}").totalResources(
          software.amazon.awssdk.services.ecs.model.Resource.builder().name("CPU").type("INTEGER").integerValue(1024)
              .build(),
          software.amazon.awssdk.services.ecs.model.Resource.builder().name("MEMORY").type("INTEGER").integerValue(1024)
              .build()));
      berth.ecs.registerTaskDefinition(b -> b.family("perm-web").containerDefinitions(ContainerDefinition.builder()
          .name("web").image("busybox").cpu(64).memory(32).portMappings(p -> p.containerPort(80).hostPort(0)).build()));
      berth.ecs.createService(b -> b.cluster("perm").serviceName("web").taskDefinition("perm-web").desiredCount(1)
          .loadBalancers(l -> l.targetGroupArn(group).containerName("web").containerPort(80))
          .placementConstraints(c -> c.type("memberOf").expression("attribute:ecs.instance-type == t3.micro")));
      berth.drainQueue(berth.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler));
      String webTask = berth.ecs.listTasks(b -> b.cluster("perm").serviceName("web")).taskArns().get(0);
      berth.post("SubmitTaskStateChange", "{\"cluster\":\"perm\",\"task\":\"" + webTask + "\",\"status\":"
          + "\"RUNNING\",\"containers\":[{\"containerName\":\"web\",\"status\":\"RUNNING\",\"networkBindings\":"
          + "[{\"containerPort\":80,\"hostPort\":32800,\"protocol\":\"tcp\"}]}]}");
      berth.drainTaskStateQueue();
      berth.drainQueue(berth.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler));
      assertEquals(Set.of(ec2 + ":32800"), elb.targets(group));
      berth.ecs.updateService(b -> b.cluster("perm").service("web").desiredCount(0));
      berth.drainQueue(berth.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler));
      assertEquals(Set.of(), elb.targets(group));
    }
  }


  private static void staleConnections(Berth berth, String... instances) {
    var store = new DynamoAgentConnectionStore(AwsModule.dynamoDb(berth.config, AwsModule.httpClient(),
        AwsModule.credentials()), berth.config);
    for (String instance : instances) {
      store.connected("perm", instance.substring(instance.lastIndexOf('/') + 1), "gone", java.time.Instant.now());
    }
  }

  /**
   * An agent's calls: its credential, its agent-channel connection (opened, then closed), its
   * heartbeat, a report for its task, its task's definition.
   */
  private static void agent(Berth berth, String instance) throws Exception {
    String[] bootstrap = berth.server.agentBootstrapKey();
    var assumed = JSON.readTree(RawEcs.call(berth.url(), "AssumeInstanceIdentity", "{\"cluster\":\"perm\","
        + "\"containerInstance\":\"" + instance + "\"}", bootstrap).body()).path("credentials");
    String[] agent = {assumed.path("accessKeyId").asText(), assumed.path("secretAccessKey").asText(),
        assumed.path("sessionToken").asText()};
    java.net.URI channel = java.net.URI.create(berth.server.agentChannelUrl() + "?cluster=perm&containerInstance="
        + java.net.URLEncoder.encode(instance, java.nio.charset.StandardCharsets.UTF_8));
    var socketBuilder = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder();
    SigV4.signature("GET", java.net.URI.create("http" + channel.toString().substring(2)), Map.of(), new byte[0],
        agent, "ecs", "us-east-1").forEach(socketBuilder::header);
    var socket = socketBuilder.buildAsync(channel, new java.net.http.WebSocket.Listener() {}).get(20,
        java.util.concurrent.TimeUnit.SECONDS);
    socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(20, java.util.concurrent.TimeUnit.SECONDS);
    var connections = new DynamoAgentConnectionStore(AwsModule.dynamoDb(berth.config,
        AwsModule.httpClient(), AwsModule.credentials()), berth.config);
    String id = instance.substring(instance.lastIndexOf('/') + 1);
    for (int i = 0; i < 600 && connections.get("perm", id, java.time.Instant.now()).isPresent(); i++) {
      Thread.sleep(50); // $disconnect runs when the server has seen the close
    }
    assertEquals(200, RawEcs.call(berth.url(), "Heartbeat", "{\"cluster\":\"perm\",\"containerInstance\":\""
        + instance + "\"}", agent).statusCode());
    String task = berth.ecs.startTask(b -> b.cluster("perm").taskDefinition("perm").containerInstances(instance))
        .tasks().get(0).taskArn();
    assertEquals(200, RawEcs.call(berth.url(), "SubmitTaskStateChange", "{\"cluster\":\"perm\",\"task\":\""
        + task + "\",\"status\":\"RUNNING\"}", agent).statusCode());
    assertEquals(200, RawEcs.call(berth.url(), "DescribeTaskDefinition", "{\"taskDefinition\":\"perm:1\"}", agent)
        .statusCode());
  }

  /** A user whose policy looks at resource tags, which the endpoint then reads. */
  private static void taggedReader(Berth berth) {
    String[] key = berth.server.userWithPolicy("tagged", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"ecs:Describe*\",\"Resource\":\"*\",\"Condition\":{\"StringEqualsIfExists\":"
        + "{\"aws:ResourceTag/team\":\"perm\"}}}]}");
    try (var reader = berth.client(key)) {
      reader.describeClusters(b -> b.clusters("perm"));
      reader.describeServices(b -> b.cluster("perm").services("svc"));
    }
  }

  /** The names the workload's tables, queues and key have, to the template's logical ids. */
  private static Map<String, String> logicalIds(Berth berth, String keyId) {
    var c = berth.config;
    Map<String, String> ids = new HashMap<>();
    ids.put(c.clustersTable(), "ClustersTable");
    ids.put(c.containerInstancesTable(), "ContainerInstancesTable");
    ids.put(c.taskDefinitionsTable(), "TaskDefinitionsTable");
    ids.put(c.tasksTable(), "TasksTable");
    ids.put(c.idempotencyTable(), "IdempotencyTable");
    ids.put(c.heartbeatsTable(), "HeartbeatsTable");
    ids.put(c.servicesTable(), "ServicesTable");
    ids.put(c.identitiesTable(), "IdentitiesTable");
    ids.put(c.auditTable(), "AuditTable");
    ids.put(c.accountSettingsTable(), "AccountSettingsTable");
    ids.put(c.agentConnectionsTable(), "AgentConnectionsTable");
    ids.put(last(c.taskStateQueueUrl()), "TaskStateQueue");
    ids.put(last(c.reconcileQueueUrl()), "ReconcileQueue");
    ids.put(last(keyId), "MasterKey");
    ids.put(c.events().bus(), "EventBusName");
    return ids;
  }

  private static String last(String urlOrArn) {
    return urlOrArn.substring(urlOrArn.lastIndexOf('/') + 1);
  }

  /** Each function's grants, read from template.yaml. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<Grant>> grants() throws Exception {
    Map<String, List<Grant>> out = new HashMap<>();
    for (var function : Template.resources("AWS::Serverless::Function").entrySet()) {
      List<Grant> grants = new ArrayList<>();
      for (Object policy : (List<Object>) Template.properties(function.getValue()).getOrDefault("Policies",
          List.of())) {
        for (var entry : ((Map<String, Object>) policy).entrySet()) {
          if (entry.getKey().equals("Statement")) {
            for (Map<String, Object> statement : (List<Map<String, Object>>) entry.getValue()) {
              Object actions = statement.get("Action");
              grants.add(new Grant(function.getKey(), "Statement", resourceOf(statement.get("Resource")),
                  actions instanceof List<?> list ? Set.copyOf((List<String>) list) : Set.of((String) actions)));
            }
            continue;
          }
          Map<String, Object> parameters = (Map<String, Object>) entry.getValue();
          Object target = parameters.values().iterator().next();
          grants.add(new Grant(function.getKey(), entry.getKey(), resourceOf(target),
              TEMPLATES.getOrDefault(entry.getKey(), Set.of())));
        }
      }
      out.put(function.getKey(), grants);
    }
    return out;
  }

  /**
   * {@code !Ref X}, {@code !GetAtt X.Attr} (kept as "X.Attr" by the reader) → X; an ARN built with
   * {@code !Sub} → the resource it names ({@code ${X}}, not the pseudo parameters).
   */
  private static String resourceOf(Object value) {
    String text = String.valueOf(value);
    java.util.regex.Matcher sub = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)\\}").matcher(text);
    if (text.startsWith("arn:") && sub.find()) {
      return sub.group(1);
    }
    return text.contains(".") ? text.substring(0, text.indexOf('.')) : text;
  }

  /** A poller grant is used by the function's event source mapping, which must exist. */
  @SuppressWarnings("unchecked")
  private static List<String> pollersWithoutEventSource(Map<String, List<Grant>> grants) throws Exception {
    Set<String> mapped = new HashSet<>();
    for (var mapping : Template.resources("AWS::Lambda::EventSourceMapping").values()) {
      Map<String, Object> p = Template.properties(mapping);
      mapped.add(resourceOf(p.get("FunctionName")) + " " + resourceOf(p.get("EventSourceArn")));
    }
    List<String> problems = new ArrayList<>();
    grants.values().forEach(list -> list.stream().filter(g -> g.policy().equals("SQSPollerPolicy"))
        .filter(g -> !mapped.contains(g.function() + " " + g.resource()))
        .forEach(g -> problems.add(g.function() + " may poll " + g.resource() + " but no event source maps it")));
    return problems;
  }
}
