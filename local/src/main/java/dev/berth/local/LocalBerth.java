package dev.berth.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.auth.identity.LocalMasterKey;
import dev.berth.auth.identity.MasterKey;
import dev.berth.core.Config;
import dev.berth.functions.endpoint.EndpointHandler;
import dev.berth.functions.endpoint.Endpoints;
import dev.berth.functions.reconciler.ReconcilerComponent;
import dev.berth.functions.reconciler.ReconcilerHandler;
import dev.berth.functions.reconciler.SweepHandler;
import dev.berth.functions.taskstate.TaskStateHandler;
import dev.berth.store.AwsModule;
import dev.berth.store.Provisioning;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
  /**
   * The audit trail's log lines (CloudWatch Logs, deployed) stay quiet locally unless BERTH_AUDIT_LOG=on:
   * the records are in the audit table, read with {@code aws cloudtrail lookup-events}.
   */
  private static final java.util.logging.Logger AUDIT_LOG = java.util.logging.Logger.getLogger("berth.audit");

  static {
    if (!"on".equals(System.getenv("BERTH_AUDIT_LOG"))) {
      AUDIT_LOG.setLevel(java.util.logging.Level.WARNING);
    }
  }

  /** How often the local stand-in for the EventBridge schedule runs the sweep. */
  static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<QueuePoller> pollers = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private final Config config;
  private final SqsClient sqs;
  private final EndpointHandler endpoint;
  private final LocalAgentChannel channel;

  /** Tests' settings: authentication on, ECS's throttling scaled up so fast test loops are not refused. */
  public static final Endpoints.Settings TEST_SETTINGS = new Endpoints.Settings(true, 100, Duration.ofDays(1));
  /**
   * The policy of the key agents prove themselves with: registering instances, and creating their
   * cluster when it does not exist yet (as ECS's instance role allows), in any cluster.
   */
  public static final String AGENT_BOOTSTRAP_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
      + "\"Allow\",\"Action\":[\"ecs:RegisterContainerInstance\",\"ecs:CreateCluster\"],\"Resource\":\"*\"}]}";

  private LocalBerth(Config config, int port, Duration sweepInterval, Clock clock, Clock endpointClock)
      throws IOException {
    this(config, port, sweepInterval, clock, endpointClock, new LocalMasterKey(LocalMasterKey.generate()),
        TEST_SETTINGS, 0);
  }

  /**
   * @param clock the control plane's clock (tests move it to make tasks healthy or agents silent)
   * @param endpointClock the endpoint's: signatures are made on the callers' real clocks, so it is
   *     the wall clock unless a test of authentication moves it on purpose
   */
  private LocalBerth(Config config, int port, Duration sweepInterval, Clock clock, Clock endpointClock,
      MasterKey master, Endpoints.Settings settings, int channelPort) throws IOException {
    var http = AwsModule.httpClient();
    var credentials = AwsModule.credentials();
    DynamoDbClient dynamo = AwsModule.dynamoDb(config, http, credentials);
    this.sqs = AwsModule.sqs(config, http, credentials);
    this.executor = Executors.newFixedThreadPool(64);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    try {
      // the functions post wake-ups to this server's @connections, as they post to the WebSocket API deployed
      Config provisioned = config.queuesMissing()
          ? Provisioning.create(config, dynamo, sqs, queuePrefix(config)) : config;
      this.config = provisioned.withAgentChannel(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
      this.endpoint = new EndpointHandler(this.config, dynamo, master, endpointClock,
          new LocalInvoker(this.config, clock), settings);
      EndpointHandler endpoint = this.endpoint;
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
            sweep.handle(null);
          } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(LocalBerth.class.getName()).log(java.util.logging.Level.WARNING,
                "sweep failed", e);
          }
        }, sweepInterval.toMillis(), sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        this.ticker = null;
      }
      this.channel = new LocalAgentChannel(endpoint, channelPort);
      this.channel.startAndWait();
      this.server.setExecutor(executor);
      this.server.createContext("/", exchange -> serve(endpoint, exchange));
      this.server.createContext("/@connections/", channel::serveManagement);
      this.server.start();
    } catch (IOException | RuntimeException | Error e) {
      close(); // the pollers, the ticker and the channel already started must not outlive a failed start
      throw e;
    }
  }

  /**
   * Starts Berth on {@code port} (0 picks a free one), creating tables and queues as needed, with
   * the queue pollers and the sweep running as the template's event sources and schedule would.
   */
  public static LocalBerth start(Config config, int port) throws IOException {
    return new LocalBerth(config, port, DEFAULT_SWEEP_INTERVAL, Clock.systemUTC(), Clock.systemUTC());
  }

  /** Starts the endpoint only: tests that deliver queued messages and run the sweep themselves. */
  public static LocalBerth startWithoutPoller(Config config, int port, Clock clock) throws IOException {
    return new LocalBerth(config, port, null, clock, Clock.systemUTC());
  }

  /** As {@link #start}, with the endpoint set up by {@code settings}. */
  public static LocalBerth start(Config config, int port, Endpoints.Settings settings) throws IOException {
    return new LocalBerth(config, port, DEFAULT_SWEEP_INTERVAL, Clock.systemUTC(), Clock.systemUTC(),
        new LocalMasterKey(LocalMasterKey.generate()), settings, 0);
  }

  /** The endpoint only, deriving secrets with {@code master} (a KMS key on the emulator, say). */
  public static LocalBerth startWithMasterKey(Config config, int port, Clock clock, MasterKey master)
      throws IOException {
    return new LocalBerth(config, port, null, clock, Clock.systemUTC(), master, TEST_SETTINGS, 0);
  }

  /**
   * The endpoint only, its authentication on {@code endpointClock} and ECS's own throttling rates
   * (tests of expiry, caching and throttling).
   */
  public static LocalBerth startWithEndpointClock(Config config, int port, Clock endpointClock) throws IOException {
    return new LocalBerth(config, port, null, Clock.systemUTC(), endpointClock,
        new LocalMasterKey(LocalMasterKey.generate()), new Endpoints.Settings(true, 1, Duration.ofDays(1)), 0);
  }

  /** The administrator's access key id and secret (created on first use). */
  public String[] administratorKey() {
    return endpoint.administratorKey();
  }

  /** The key agents register with; it may do nothing else. */
  public String[] agentBootstrapKey() {
    return endpoint.userWithPolicy("berth-agent-bootstrap", AGENT_BOOTSTRAP_POLICY);
  }

  /** A user with the given policy, and its key (tests of who may do what). */
  public String[] userWithPolicy(String userName, String policy) {
    return endpoint.userWithPolicy(userName, policy);
  }

  public String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  public Config config() {
    return config;
  }

  /** The agent channel agents connect to for wake-ups ({@code BERTH_AGENT_WAKE_URL}). */
  public String agentChannelUrl() {
    return channel.url();
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
      // the bytes as sent, as API Gateway hands over a body it does not take for text: invalid UTF-8
      // then meets the same strict decoding it meets deployed
      event.put("body", java.util.Base64.getEncoder().encodeToString(body));
      event.put("isBase64Encoded", true);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      endpoint.handleRequest(new ByteArrayInputStream(LocalInvoker.EVENTS.writeValueAsBytes(event)), out, null);
      JsonNode response = LocalInvoker.EVENTS.readTree(out.toByteArray());
      response.path("headers").fields().forEachRemaining(h ->
          exchange.getResponseHeaders().set(h.getKey(), h.getValue().asText()));
      byte[] responseBody = response.path("isBase64Encoded").asBoolean(false)
          ? java.util.Base64.getDecoder().decode(response.path("body").asText(""))
          : response.path("body").asText("").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(response.path("statusCode").asInt(500), responseBody.length == 0 ? -1 : responseBody.length);
      if (responseBody.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(responseBody);
        }
      }
    }
  }

  /**
   * The console's address, opening signed in with {@code key}: the key rides in the URL's fragment,
   * which a browser never sends to a server; the page moves it to the tab's session storage and
   * removes it from the address bar.
   */
  public static String consoleUrl(String url, String[] key) {
    return url + "/console/#key=" + key[0] + "&secret=" + java.net.URLEncoder.encode(key[1], StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close();
    }
    server.stop(0);
    executor.shutdownNow();
    pollers.forEach(QueuePoller::close);
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  /** Where `make run` appends the functions' metric records (CloudWatch EMF, one JSON object a line). */
  static final String DEFAULT_METRICS_FILE = ".tools/berth-metrics.log";

  public static void main(String[] args) throws Exception {
    dev.berth.protocol.logging.JsonLogging.install(); // the same lines as the functions write on AWS
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.putIfAbsent("BERTH_METRICS_FILE", DEFAULT_METRICS_FILE);
    Config config = Config.from(env);
    int port = Integer.parseInt(env.getOrDefault("BERTH_PORT", "8080"));
    Duration sweep = Duration.ofSeconds(Long.parseLong(env.getOrDefault("BERTH_SWEEP_INTERVAL_SECONDS",
        Long.toString(DEFAULT_SWEEP_INTERVAL.toSeconds()))));
    boolean authenticate = !"off".equals(env.getOrDefault("BERTH_AUTH", "on"));
    Endpoints.Settings settings = new Endpoints.Settings(authenticate,
        Double.parseDouble(env.getOrDefault("BERTH_THROTTLE_SCALE", "1")),
        Duration.ofDays(Long.parseLong(env.getOrDefault("BERTH_AUDIT_RETENTION_DAYS", "90"))))
        .withAgentRoles(dev.berth.auth.sts.InstanceRoles.parse(env.get("BERTH_AGENT_ROLES")));
    MasterKey master = LocalCredentials.masterKey(Path.of(env.getOrDefault("BERTH_MASTER_KEY_FILE",
        ".tools/berth-master.key")));
    int channelPort = Integer.parseInt(env.getOrDefault("BERTH_AGENT_CHANNEL_PORT", "8081"));
    LocalBerth berth = new LocalBerth(config, port, sweep, Clock.systemUTC(), Clock.systemUTC(), master, settings,
        channelPort);
    Runtime.getRuntime().addShutdownHook(new Thread(berth::close));
    String url = berth.url();
    Path credentials = Path.of(env.getOrDefault("BERTH_CREDENTIALS_FILE", ".tools/credentials"));
    LocalCredentials.write(credentials, berth.administratorKey(), berth.agentBootstrapKey(), config.region().name());
    System.out.println(authenticate
        ? "Authentication is on: the administrator's key is in " + credentials + " (profile berth)."
        : "Authentication is OFF (BERTH_AUTH=off): anyone who reaches " + url + " may do anything.");
    System.out.println("Agents are woken through the agent channel " + berth.agentChannelUrl()
        + " (BERTH_AGENT_WAKE_URL).");
    System.out.println("The web console, signed in as the administrator: " + consoleUrl(url, berth.administratorKey()));
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
