package dev.berth.local;

import dev.berth.core.Config;
import dev.berth.core.ledger.LedgerAudit;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.functions.reconciler.ReconcilerComponent;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.Teardown;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;

/**
 * A running local Berth for a test class: its own tables and queues on the emulator, the ECS
 * endpoint on a free port, and an SDK EcsClient pointed at it (retries off, so every call counts).
 * A test class registers a {@link RunningBerth} rather than starting one itself.
 */
final class Berth implements AutoCloseable {
  final Config config;
  final LocalBerth server;
  final EcsClient ecs;
  final Clock clock;
  /** The administrator's key: every call of the tests is signed with it unless a test says otherwise. */
  final String[] adminKey;
  /** The tables, the queues, the server and the client, released in the reverse order. */
  private final Teardown teardown;

  /** Serves Berth from the tables and queues of a fresh config. */
  @FunctionalInterface
  interface Serving {
    LocalBerth start(Config config) throws Exception;
  }

  private Berth(LocalBerth server, Clock clock, Teardown teardown) {
    this.config = server.config(); // the tables and queues of config, and the server's agent channel
    this.server = server;
    this.clock = clock;
    this.teardown = teardown;
    this.adminKey = server.administratorKey();
    this.ecs = teardown.add(client(adminKey), EcsClient::close);
  }

  /**
   * Fresh tables and queues named {@code <name>-<random>-...}, set up by {@code configure}, served
   * by {@code serving}; whatever a failing step leaves is released before its failure is thrown.
   */
  static Berth open(String name, UnaryOperator<Config> configure, Serving serving, Clock clock) throws Exception {
    return Teardown.open(teardown -> {
      Config config = teardown.add(configure.apply(Emulator.freshConfig(name)), Emulator::drop);
      LocalBerth server = teardown.add(serving.start(config), LocalBerth::close);
      return new Berth(server, clock, teardown);
    });
  }

  /** An SDK client signing with {@code key} (retries off, so every call counts). */
  EcsClient client(String[] key) {
    return EcsClient.builder()
        .endpointOverride(URI.create(server.url()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key[0], key[1])))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
        .build();
  }

  /** A raw ECS call signed with the administrator's key. */
  java.net.http.HttpResponse<String> post(String operation, String body) throws Exception {
    return RawEcs.call(url(), operation, body, adminKey);
  }

  /** Berth with the task-state poller running, as {@code make run} serves it. */
  static Berth start(String name) throws Exception {
    return open(name, UnaryOperator.identity(), config -> LocalBerth.start(config, 0), Clock.systemUTC());
  }

  /** Berth with the task-state poller running, its endpoint set up by {@code settings}. */
  static Berth start(String name, dev.berth.functions.endpoint.Endpoints.Settings settings) throws Exception {
    return open(name, UnaryOperator.identity(), config -> LocalBerth.start(config, 0, settings), Clock.systemUTC());
  }

  /** Berth whose task-state queue the test drains itself. */
  static Berth startWithoutPoller(String name) throws Exception {
    return startWithoutPoller(name, Clock.systemUTC());
  }

  /** Berth whose queues the test drains itself, deriving its keys' secrets with {@code master}. */
  static Berth startWithMasterKey(String name, dev.berth.auth.identity.MasterKey master) throws Exception {
    return open(name, UnaryOperator.identity(),
        config -> LocalBerth.startWithMasterKey(config, 0, Clock.systemUTC(), master), Clock.systemUTC());
  }

  /** Berth whose queues the test drains itself, its endpoint's authentication on {@code endpointClock}. */
  static Berth startWithEndpointClock(String name, Clock endpointClock) throws Exception {
    return open(name, UnaryOperator.identity(), config -> LocalBerth.startWithEndpointClock(config, 0, endpointClock),
        Clock.systemUTC());
  }

  /** Berth whose queues the test drains itself, every function on {@code clock}. */
  static Berth startWithoutPoller(String name, Clock clock) throws Exception {
    return open(name, UnaryOperator.identity(), config -> LocalBerth.startWithoutPoller(config, 0, clock), clock);
  }

  /** Berth whose queues the test drains itself, sending its EventBridge events as {@code events} says. */
  static Berth startWithEvents(String name, Config.Events events) throws Exception {
    return open(name, config -> config.withEvents(events),
        config -> LocalBerth.startWithoutPoller(config, 0, Clock.systemUTC()), Clock.systemUTC());
  }

  /** Berth whose queues the test drains itself, every function on {@code clock}, reaching AWS through {@code aws}. */
  static Berth startWithoutPoller(String name, Clock clock, URI aws) throws Exception {
    return open(name, config -> config.withEndpoint(aws), config -> LocalBerth.startWithoutPoller(config, 0, clock),
        clock);
  }

  String url() {
    return server.url();
  }

  void createCluster(String name) {
    ecs.createCluster(b -> b.clusterName(name));
  }

  /** Registers an instance with the given CPU, memory and reserved TCP ports; returns its ARN. */
  String registerInstance(String cluster, int cpu, int memory, String... reservedPorts) {
    return ecs.registerContainerInstance(b -> b.cluster(cluster).totalResources(
            Resource.builder().name("CPU").type("INTEGER").integerValue(cpu).build(),
            Resource.builder().name("MEMORY").type("INTEGER").integerValue(memory).build(),
            Resource.builder().name("PORTS").type("STRINGSET").stringSetValue(reservedPorts).build(),
            Resource.builder().name("PORTS_UDP").type("STRINGSET").stringSetValue(List.of()).build()))
        .containerInstance().containerInstanceArn();
  }

  ContainerInstance describeInstance(String cluster, String arn) {
    return ecs.describeContainerInstances(b -> b.cluster(cluster).containerInstances(arn)).containerInstances().get(0);
  }

  static int remaining(ContainerInstance instance, String name) {
    return instance.remainingResources().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow()
        .integerValue();
  }

  /** Drift lines of the ledger invariant over a cluster; empty when exact. */
  List<String> ledgerDrift(String cluster) {
    return new LedgerAudit(new DynamoContainerInstanceStore(Emulator.dynamo(), config),
        new DynamoTaskStore(Emulator.dynamo(), config), clock).check(cluster);
  }

  /** Berth's agent heartbeat (an operation the SDK does not know), sent as raw JSON; returns the response. */
  java.net.http.HttpResponse<String> heartbeat(String cluster, String instanceArn) throws Exception {
    return post("Heartbeat", "{\"cluster\":\"" + cluster + "\",\"containerInstance\":\"" + instanceArn + "\"}");
  }

  /** The reconciler's parts as the reconciler function wires them, with the given clock. */
  ReconcilerComponent reconcilerAt(Clock clock) {
    return ReconcilerComponent.create(config, clock);
  }

  /** Applies queued state changes until the queue stays empty. */
  int drainTaskStateQueue() {
    return drainQueue(config.taskStateQueueUrl(), new dev.berth.functions.taskstate.TaskStateHandler(config, clock));
  }

  /** Hands a queue's messages to its handler, as the event source would, until the queue stays empty. */
  int drainQueue(String url, com.amazonaws.services.lambda.runtime.RequestStreamHandler handler) {
    var poller = new QueuePoller(Emulator.sqs(), url, handler);
    try {
      int total = 0;
      int handled;
      while ((handled = poller.pollOnce(0)) > 0) {
        total += handled;
      }
      return total;
    } finally {
      poller.close();
    }
  }

  /** Closes the client and the server, then deletes the tables and the queues with their dead-letter queues. */
  @Override
  public void close() {
    teardown.close();
  }
}
