package dev.berth.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.functions.endpoint.EndpointHandler;
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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Berth on one machine: the ECS endpoint on {@code http://localhost:<port>} through the same
 * handler classes the Lambda functions use, against the tables and queue on the local AWS
 * endpoint, with a poller standing in for the task-state queue's event source.
 */
public final class LocalBerth implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final QueuePoller poller;
  private final Config config;
  private final SqsClient sqs;

  private LocalBerth(Config config, int port, boolean pollQueue) throws IOException {
    var http = AwsModule.httpClient();
    var credentials = AwsModule.credentials();
    DynamoDbClient dynamo = AwsModule.dynamoDb(config, http, credentials);
    this.sqs = AwsModule.sqs(config, http, credentials);
    this.config = config.taskStateQueueUrl().isEmpty()
        ? Provisioning.create(config, dynamo, sqs, queuePrefix(config))
        : config;
    EndpointHandler endpoint = new EndpointHandler(new LocalInvoker(this.config));
    this.poller = pollQueue ? new QueuePoller(sqs, this.config.taskStateQueueUrl(), new TaskStateHandler(this.config)).start()
        : null;
    this.executor = Executors.newFixedThreadPool(64);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    this.server.setExecutor(executor);
    this.server.createContext("/", exchange -> serve(endpoint, exchange));
    this.server.start();
  }

  /** Starts Berth on {@code port} (0 picks a free one), creating tables and queues as needed. */
  public static LocalBerth start(Config config, int port) throws IOException {
    return new LocalBerth(config, port, true);
  }

  /** Starts Berth without the queue poller (tests that deliver state changes themselves). */
  public static LocalBerth startWithoutPoller(Config config, int port) throws IOException {
    return new LocalBerth(config, port, false);
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
    if (poller != null) {
      poller.close();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Config config = Config.from(env);
    int port = Integer.parseInt(env.getOrDefault("BERTH_PORT", "8080"));
    LocalBerth berth = start(config, port);
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

        Stop it with Ctrl-C.""".formatted(url, config.endpoint().map(Object::toString).orElse("default")));
    Thread.currentThread().join();
  }
}
