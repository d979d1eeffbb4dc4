package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.Config;
import dev.berth.functions.reconciler.ReconcilerComponent;
import dev.berth.functions.reconciler.ReconcilerHandler;
import dev.berth.functions.reconciler.SweepHandler;
import dev.berth.functions.taskstate.TaskStateHandler;
import dev.berth.local.LocalBerth;
import dev.berth.local.OffsetClock;
import dev.berth.local.QueuePoller;
import dev.berth.store.AwsModule;
import dev.berth.store.Provisioning;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * What the reconciler costs per tick (a sweep and the passes that follow it) for a cluster of
 * many services: in its steady state, and during a deployment that touches a tenth of them.
 * Every DynamoDB and SQS call the reconciler makes goes through a counting proxy in front of the
 * AWS endpoint. Agents are simulated through the real ECS endpoint between ticks (not counted),
 * and time is moved forward between ticks so that started tasks count as healthy.
 *
 * <p>With {@code BENCH_LOAD_BALANCED=1} every service sits behind a target group of its own (a
 * VPC, load balancer, listeners, target groups and EC2 instances created on the endpoint first),
 * the agents report dynamic host ports, and each tick also counts ELBv2 calls; at the end it prints
 * the time from each RUNNING report of the deployment to the RegisterTargets call naming its port.
 */
public final class ReconcilerBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LocalBerth berth;
  private final String[] adminKey;
  private final ReconcilerComponent reconciler;
  private final List<QueuePoller> reconcilePollers = new ArrayList<>();
  private final List<QueuePoller> taskStatePollers = new ArrayList<>();
  private final SweepHandler sweep;
  private final OffsetClock clock;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final boolean loadBalanced = "1".equals(System.getenv("BENCH_LOAD_BALANCED"));
  /** Load-balanced mode: each task's host port, and when (System.nanoTime) its RUNNING report was sent. */
  private final Map<String, Integer> hostPorts = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Integer, Long> reportedAt = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger nextPort = new java.util.concurrent.atomic.AtomicInteger(32768);
  private List<String> ec2Ids = List.of();
  private List<String> targetGroups = List.of();

  private ReconcilerBenchmark(Config config, OffsetClock clock) throws Exception {
    this.clock = clock;
    this.berth = LocalBerth.startWithoutPoller(config, 0, clock);
    this.adminKey = berth.administratorKey();
    this.reconciler = ReconcilerComponent.create(berth.config(), clock);
    this.sweep = new SweepHandler(reconciler);
    var sqs = AwsModule.sqs(berth.config(), AwsModule.httpClient(), AwsModule.credentials());
    for (int i = 0; i < 4; i++) {
      reconcilePollers.add(new QueuePoller(sqs, berth.config().reconcileQueueUrl(), new ReconcilerHandler(reconciler)));
      taskStatePollers.add(new QueuePoller(sqs, berth.config().taskStateQueueUrl(),
          new TaskStateHandler(berth.config(), clock)));
    }
  }

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING); // the passes log each change
    int services = Integer.parseInt(System.getenv().getOrDefault("BENCH_SERVICES", "1000"));
    int instances = Integer.parseInt(System.getenv().getOrDefault("BENCH_INSTANCES", "20"));
    URI endpoint = URI.create(System.getenv().getOrDefault("AWS_ENDPOINT_URL", "http://localhost:4566"));
    try (CountingProxy proxy = new CountingProxy(endpoint)) {
      String prefix = "bench-rec-" + UUID.randomUUID().toString().substring(0, 8);
      Config config = Config.withPrefix(prefix, Optional.of(proxy.url()));
      var http = AwsModule.httpClient();
      var sqs = AwsModule.sqs(config, http, AwsModule.credentials());
      config = Provisioning.create(config, AwsModule.dynamoDb(config, http, AwsModule.credentials()), sqs, prefix);
      // The template's visibility timeout, not the local runtime's short one: a pass slowed down by
      // the emulator must not be handed to a second receiver and counted twice.
      String reconcileQueue = config.reconcileQueueUrl();
      sqs.setQueueAttributes(b -> b.queueUrl(reconcileQueue).attributes(
          Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "360")));
      new ReconcilerBenchmark(config, new OffsetClock()).run(proxy, services, instances);
    }
    System.exit(0);
  }

  private void run(CountingProxy proxy, int services, int instances) throws Exception {
    System.out.printf("endpoint %s, %d services of 1 task on %d container instances, %d cores%n%n",
        System.getenv().getOrDefault("AWS_ENDPOINT_URL", "http://localhost:4566"), services, instances,
        Runtime.getRuntime().availableProcessors());
    long setupStart = System.nanoTime();
    ecs("CreateCluster", "{\"clusterName\":\"bench\"}");
    if (loadBalanced) {
      LoadBalancers elb = LoadBalancers.create(instances, services);
      ec2Ids = elb.instanceIds();
      targetGroups = elb.targetGroups();
    }
    for (int i = 0; i < instances; i++) {
      String identity = loadBalanced ? "\"instanceIdentityDocument\":" + JSON.writeValueAsString(
          "{\"instanceId\":\"" + ec2Ids.get(i) + "\"}") + "," : "";
      ecs("RegisterContainerInstance", "{\"cluster\":\"bench\"," + identity + "\"totalResources\":["
          + "{\"name\":\"CPU\",\"type\":\"INTEGER\",\"integerValue\":100000},"
          + "{\"name\":\"MEMORY\",\"type\":\"INTEGER\",\"integerValue\":100000}]}");
    }
    String ports = loadBalanced ? ",\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]" : "";
    ecs("RegisterTaskDefinition", "{\"family\":\"svc\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"app:1\","
        + "\"cpu\":10,\"memory\":10" + ports + "}]}");
    parallel(services, i -> ecs("CreateService", "{\"cluster\":\"bench\",\"serviceName\":\"" + name(i)
        + "\",\"taskDefinition\":\"svc\",\"desiredCount\":1" + (loadBalanced ? ",\"loadBalancers\":[{\"targetGroupArn\":\""
        + targetGroups.get(i) + "\",\"containerName\":\"app\",\"containerPort\":80}]" : "") + "}"));
    // until every service runs its task and a sweep finds none due
    for (int round = 0; round < 10; round++) {
      drain(reconcilePollers);
      agentRound();
      drain(reconcilePollers);
      clock.advance(Duration.ofSeconds(41));
      heartbeats(instances);
      var swept = sweep.handle(null);
      drain(reconcilePollers);
      if (round > 0 && swept.get("services") == 0) {
        break;
      }
    }
    System.out.printf("set-up: %.0f s (not measured below)%n%n", (System.nanoTime() - setupStart) / 1e9);
    proxy.reset();

    System.out.println("tick                         messages  DDB reads  DDB writes  SQS sends  ELBv2   wall ms   calls");
    tick(proxy, "steady state");
    tick(proxy, "steady state");

    int touched = loadBalanced ? services : services / 10; // load-balanced: every service deploys
    parallel(touched, i -> ecs("UpdateService", "{\"cluster\":\"bench\",\"service\":\"" + name(i)
        + "\",\"forceNewDeployment\":true}"));
    for (int t = 1; t <= 6; t++) {
      // what the updates (and, later, the agents' reports) queued, then the minute's sweep
      tick(proxy, "deployment of " + touched + ", tick " + t);
      agentRound();
      clock.advance(Duration.ofSeconds(41));
      heartbeats(instances);
      proxy.reset();
    }
    tick(proxy, "steady again");
    if (loadBalanced) {
      printRegistrationLatency(proxy, "during the deployment of " + touched
          + " (each report waits behind the tick's other passes)", reportedAt.keySet());
      // one redeployment at a time: the report, the task-state pass, the reconcile pass
      java.util.Set<Integer> alone = new java.util.HashSet<>();
      for (int i = 0; i < 5; i++) {
        ecs("UpdateService", "{\"cluster\":\"bench\",\"service\":\"" + name(0) + "\",\"forceNewDeployment\":true}");
        drain(reconcilePollers);
        java.util.Set<Integer> before = java.util.Set.copyOf(reportedAt.keySet());
        agentRound();
        drain(reconcilePollers);
        reportedAt.keySet().stream().filter(p -> !before.contains(p)).forEach(alone::add);
        for (int round = 0; round < 3; round++) {
          clock.advance(Duration.ofSeconds(41));
          heartbeats(instances);
          sweep.handle(null);
          drain(reconcilePollers);
          agentRound();
          drain(reconcilePollers);
        }
      }
      printRegistrationLatency(proxy, "one service redeployed at a time", alone);
    }
    pool.shutdownNow();
  }

  /** One tick: the passes already queued, the sweep, and the passes the sweep queued. */
  private void tick(CountingProxy proxy, String label) throws Exception {
    proxy.reset();
    long start = System.nanoTime();
    int messages = drain(reconcilePollers);
    sweep.handle(null);
    messages += drain(reconcilePollers);
    double ms = (System.nanoTime() - start) / 1e6;
    Map<String, Long> calls = proxy.reset();
    long reads = sum(calls, "DynamoDB_20120810.", List.of("GetItem", "BatchGetItem", "Query", "Scan"));
    long writes = sum(calls, "DynamoDB_20120810.", List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"));
    long sends = sum(calls, "AmazonSQS.", List.of("SendMessage", "SendMessageBatch"));
    long elb = calls.entrySet().stream().filter(e -> e.getKey().startsWith("ELBv2.")).mapToLong(Map.Entry::getValue)
        .sum();
    System.out.printf("%-28s %8d %10d %11d %10d %6d %8.0f   %s%n", label, messages, reads, writes, sends, elb, ms,
        calls);
    if (messages > 0) {
      System.out.printf("%-28s %8s %10.1f %11.1f %10s %6.2f   (per pass)%n", "", "", (double) reads / messages,
          (double) writes / messages, "", (double) elb / messages);
    }
  }

  /** From each RUNNING report with a host port to the RegisterTargets call that named that port. */
  private void printRegistrationLatency(CountingProxy proxy, String label, java.util.Set<Integer> ports) {
    List<Double> ms = new ArrayList<>();
    Map.copyOf(reportedAt).forEach((port, sent) -> {
      Long registered = ports.contains(port) ? proxy.registeredAt.get(port) : null;
      if (registered != null && registered >= sent) {
        ms.add((registered - sent) / 1e6);
      }
    });
    java.util.Collections.sort(ms);
    if (ms.isEmpty()) {
      System.out.println("\nno registrations measured");
      return;
    }
    System.out.printf("%nRUNNING report -> RegisterTargets, %s, %d tasks: median %.0f ms, p90 %.0f ms, max %.0f ms%n",
        label, ms.size(), ms.get(ms.size() / 2), ms.get((int) Math.min(ms.size() - 1, Math.round(ms.size() * 0.9))),
        ms.get(ms.size() - 1));
  }

  private static long sum(Map<String, Long> calls, String prefix, List<String> ops) {
    return ops.stream().mapToLong(op -> calls.getOrDefault(prefix + op, 0L)).sum();
  }

  /** Every agent reports: PENDING tasks start, tasks told to stop stop; then the reports are applied. */
  private void agentRound() throws Exception {
    List<String> arns = new ArrayList<>();
    for (String desired : List.of("RUNNING", "STOPPED")) {
      String token = null;
      do {
        JsonNode page = ecs("ListTasks", "{\"cluster\":\"bench\",\"desiredStatus\":\"" + desired + "\""
            + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}");
        page.path("taskArns").forEach(a -> arns.add(a.asText()));
        token = page.path("nextToken").asText(null);
      } while (token != null);
    }
    List<String[]> reports = new ArrayList<>();
    for (int from = 0; from < arns.size(); from += 100) {
      JsonNode described = ecs("DescribeTasks", "{\"cluster\":\"bench\",\"tasks\":"
          + JSON.writeValueAsString(arns.subList(from, Math.min(arns.size(), from + 100))) + "}");
      for (JsonNode t : described.path("tasks")) {
        String last = t.path("lastStatus").asText();
        if ("STOPPED".equals(t.path("desiredStatus").asText()) && !"STOPPED".equals(last)) {
          reports.add(new String[] {t.path("taskArn").asText(), "STOPPED"});
        } else if ("PENDING".equals(last) && "RUNNING".equals(t.path("desiredStatus").asText())) {
          reports.add(new String[] {t.path("taskArn").asText(), "RUNNING"});
        }
      }
    }
    parallel(reports.size(), i -> ecs("SubmitTaskStateChange", "{\"cluster\":\"bench\",\"task\":\"" + reports.get(i)[0]
        + "\",\"status\":\"" + reports.get(i)[1] + "\"" + bindings(reports.get(i)) + "}"));
    drain(taskStatePollers);
  }

  /** Load-balanced mode: a RUNNING report carries the container's dynamic host port (noted with its send time). */
  private String bindings(String[] report) {
    if (!loadBalanced || !"RUNNING".equals(report[1])) {
      return "";
    }
    int port = hostPorts.computeIfAbsent(report[0], k -> nextPort.getAndIncrement());
    reportedAt.put(port, System.nanoTime());
    return ",\"containers\":[{\"containerName\":\"app\",\"status\":\"RUNNING\",\"networkBindings\":"
        + "[{\"containerPort\":80,\"hostPort\":" + port + ",\"protocol\":\"tcp\"}]}]";
  }

  private void heartbeats(int instances) throws Exception {
    JsonNode list = ecs("ListContainerInstances", "{\"cluster\":\"bench\"}");
    for (JsonNode arn : list.path("containerInstanceArns")) {
      ecs("Heartbeat", "{\"cluster\":\"bench\",\"containerInstance\":\"" + arn.asText() + "\"}");
    }
  }

  /** Runs every message on a queue through its pollers, in parallel, until the queue stays empty. */
  private int drain(List<QueuePoller> pollers) throws Exception {
    int total = 0;
    while (true) {
      List<Future<Integer>> rounds = new ArrayList<>();
      for (QueuePoller p : pollers) {
        rounds.add(pool.submit(() -> {
          int n = 0;
          int handled;
          while ((handled = p.pollOnce(0)) > 0) {
            n += handled;
          }
          return n;
        }));
      }
      int handled = 0;
      for (Future<Integer> f : rounds) {
        handled += f.get();
      }
      total += handled;
      if (handled == 0) {
        return total;
      }
    }
  }

  private void parallel(int count, IntConsumer call) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> call.accept(index)));
    }
    for (Future<?> f : futures) {
      f.get();
    }
  }

  private static String name(int i) {
    return String.format("svc-%05d", i);
  }

  private JsonNode ecs(String operation, String body) {
    try {
      URI uri = URI.create(berth.url());
      HttpRequest.Builder request = HttpRequest.newBuilder(uri)
          .POST(HttpRequest.BodyPublishers.ofString(body));
      // signed with the administrator's key, as every caller of the endpoint must be
      dev.berth.benchmarks.coldstart.SigV4Signer.sign(uri.getHost() + ":" + uri.getPort(),
          "AmazonEC2ContainerServiceV20141113." + operation, body, adminKey, "us-east-1", java.time.Instant.now())
          .forEach((name, value) -> {
            if (!name.equals("host")) {
              request.header(name, value);
            }
          });
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(operation + " failed: " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new IllegalStateException(operation, e);
    }
  }
}
