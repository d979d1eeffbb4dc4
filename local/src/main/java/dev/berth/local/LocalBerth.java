package dev.berth.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.functions.endpoint.EndpointHandler;
import dev.berth.functions.reconciler.ReconcilerComponent;
import dev.berth.functions.reconciler.ReconcilerHandler;
import dev.berth.functions.reconciler.SweepHandler;
import dev.berth.functions.taskstate.TaskStateHandler;
import dev.berth.store.AwsModule;
import dev.berth.store.Config;
import dev.berth.store.Provisioning;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Berth on one machine: the ECS endpoint on {@code http://localhost:<port>} through the same
 * handler classes the Lambda functions use, against the tables and queues on the local AWS
 * endpoint, with pollers standing in for the queues' event sources and a ticker for the
 * reconciler's schedule.
 */
public final class LocalBerth implements AutoCloseable {
  /** How often the local stand-in for the EventBridge schedule runs the sweep. */
  static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<QueuePoller> pollers = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private final Config config;
  private final SqsClient sqs;

  private LocalBerth(Config config, int port, Duration sweepInterval, Clock clock) throws IOException {
    var http = AwsModule.httpClient();
    var credentials = AwsModule.credentials();
    DynamoDbClient dynamo = AwsModule.dynamoDb(config, http, credentials);
    this.sqs = AwsModule.sqs(config, http, credentials);
    this.config = config.queuesMissing() ? Provisioning.create(config, dynamo, sqs, queuePrefix(config)) : config;
    EndpointHandler endpoint = new EndpointHandler(new LocalInvoker(this.config, clock));
    if (sweepInterval != null) {
      // The event sources and the schedule of template.yaml, played locally.
      pollers.add(new QueuePoller(sqs, this.config.taskStateQueueUrl(), new TaskStateHandler(this.config, clock))
          .start());
      ReconcilerComponent reconciler = ReconcilerComponent.create(this.config, clock);
      pollers.add(new QueuePoller(sqs, this.config.reconcileQueueUrl(), new ReconcilerHandler(reconciler)).start());
      SweepHandler sweep = new SweepHandler(reconciler);
      this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sweep-ticker");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(() -> {
        try {
          sweep.handleRequest(Map.of(), null);
        } catch (RuntimeException e) {
          java.util.logging.Logger.getLogger(LocalBerth.class.getName()).log(java.util.logging.Level.WARNING,
              "sweep failed", e);
        }
      }, sweepInterval.toMillis(), sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      this.ticker = null;
    }
    this.executor = Executors.newFixedThreadPool(64);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    this.server.setExecutor(executor);
    this.server.createContext("/", exchange -> serve(endpoint, exchange));
    this.server.start();
  }

  /**
   * Starts Berth on {@code port} (0 picks a free one), creating tables and queues as needed, with
   * the queue pollers and the sweep running as the template's event sources and schedule would.
   */
  public static LocalBerth start(Config config, int port) throws IOException {
    return new LocalBerth(config, port, DEFAULT_SWEEP_INTERVAL, Clock.systemUTC());
  }

  /** Starts the endpoint only: tests that deliver queued messages and run the sweep themselves. */
  public static LocalBerth startWithoutPoller(Config config, int port, Clock clock) throws IOException {
    return new LocalBerth(config, port, null, clock);
  }

  public String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  public Config config() {
    return config;
  }

  private static String queuePrefix(Config config) {
    String table = config.clustersTable();
    return table.endsWith("-clusters") ? table.substring(0, table.length() - "-clusters".length()) : "berth";
  }

  private static void serve(EndpointHandler endpoint, HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      ObjectNode event = LocalInvoker.EVENTS.createObjectNode();
      event.put("version", "2.0");
      event.put("routeKey", exchange.getRequestMethod() + " /");
      event.put("rawPath", exchange.getRequestURI().getPath());
      event.put("rawQueryString", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
      ObjectNode headers = event.putObject("headers");
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      ObjectNode context = event.putObject("requestContext");
      context.put("requestId", UUID.randomUUID().toString());
      context.put("routeKey", exchange.getRequestMethod() + " /");
      context.put("stage", "$default");
      context.putObject("http").put("method", exchange.getRequestMethod())
          .put("path", exchange.getRequestURI().getPath())
          .put("protocol", exchange.getProtocol())
          .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
      event.put("body", new String(body, StandardCharsets.UTF_8));
      event.put("isBase64Encoded", false);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      endpoint.handleRequest(new ByteArrayInputStream(LocalInvoker.EVENTS.writeValueAsBytes(event)), out, null);
      JsonNode response = LocalInvoker.EVENTS.readTree(out.toByteArray());
      response.path("headers").fields().forEachRemaining(h ->
          exchange.getResponseHeaders().set(h.getKey(), h.getValue().asText()));
      byte[] responseBody = response.path("body").asText("").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(response.path("statusCode").asInt(500), responseBody.length == 0 ? -1 : responseBody.length);
      if (responseBody.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(responseBody);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    pollers.forEach(QueuePoller::close);
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Config config = Config.from(env);
    int port = Integer.parseInt(env.getOrDefault("BERTH_PORT", "8080"));
    Duration sweep = Duration.ofSeconds(Long.parseLong(env.getOrDefault("BERTH_SWEEP_INTERVAL_SECONDS",
        Long.toString(DEFAULT_SWEEP_INTERVAL.toSeconds()))));
    LocalBerth berth = new LocalBerth(config, port, sweep, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(berth::close));
    String url = berth.url();
    System.out.println("""
        Berth is serving the ECS API on %1$s (AWS endpoint %2$s).

        Try it (after `source infra/env.sh`, which puts the AWS CLI on PATH with local credentials):
          aws ecs create-cluster --cluster-name demo --endpoint-url %1$s
          aws ecs register-container-instance --cluster demo --endpoint-url %1$s \\
              --total-resources name=CPU,type=INTEGER,integerValue=2048 name=MEMORY,type=INTEGER,integerValue=4096
          aws ecs register-task-definition --family web --endpoint-url %1$s \\
              --container-definitions '[{"name":"web","image":"nginx","memory":256,"portMappings":[{"containerPort":80,"hostPort":8080}]}]'
          aws ecs run-task --cluster demo --task-definition web --endpoint-url %1$s
          aws ecs list-tasks --cluster demo --endpoint-url %1$s
          aws ecs create-service --cluster demo --service-name web --task-definition web --desired-count 1 \\
              --endpoint-url %1$s
          aws ecs describe-services --cluster demo --services web --endpoint-url %1$s

        Stop it with Ctrl-C.""".formatted(url, config.endpoint().map(Object::toString).orElse("default")));
    Thread.currentThread().join();
  }
}
