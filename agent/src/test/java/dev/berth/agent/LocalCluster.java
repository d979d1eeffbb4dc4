package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.agent.config.AgentConfig;
import dev.berth.agent.config.Host;
import dev.berth.core.Config;
import dev.berth.local.LocalBerth;
import dev.berth.store.testing.Emulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A local Berth for a test class (its own tables and queue on the emulator, the ECS endpoint on a
 * free port, a 1 s heartbeat interval so refused heartbeats come quickly), an SDK EcsClient on it,
 * and agents started in this JVM with the process runtime.
 */
final class LocalCluster implements AutoCloseable {
  /** Long enough for any step the tests wait on; only a broken agent comes near it. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  final Config config;
  final LocalBerth server;
  final EcsClient ecs;

  private final String[] adminKey;
  private final String[] bootstrapKey;

  private LocalCluster(Config config, LocalBerth server) {
    this.config = config;
    this.server = server;
    this.adminKey = server.administratorKey();
    this.bootstrapKey = server.agentBootstrapKey();
    this.ecs = EcsClient.builder()
        .endpointOverride(URI.create(server.url()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(admin()[0], admin()[1])))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
        .build();
  }

  private String[] admin() {
    return adminKey;
  }

  static LocalCluster start(String name) throws Exception {
    return start(name, new Config.Health(Duration.ofSeconds(1), 3, Duration.ofMinutes(10)));
  }

  /** A local Berth whose agents count as disconnected and lost after the given silences. */
  static LocalCluster start(String name, Config.Health health) throws Exception {
    Config config = Emulator.freshConfig(name).withHealth(health);
    return new LocalCluster(config, LocalBerth.start(config, 0));
  }

  /** A local Berth whose endpoint is set up by {@code settings}. */
  static LocalCluster start(String name, dev.berth.functions.endpoint.Endpoints.Settings settings) throws Exception {
    Config config = Emulator.freshConfig(name).withHealth(new Config.Health(Duration.ofSeconds(1), 3,
        Duration.ofMinutes(10)));
    return new LocalCluster(config, LocalBerth.start(config, 0, settings));
  }

  /** The environment of an agent of {@code cluster} with its data in {@code dataDir}, plus {@code extra}. */
  Map<String, String> agentEnvironment(String cluster, Path dataDir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("BERTH_ENDPOINT", server.url());
    env.put("ECS_CLUSTER", cluster);
    env.put("ECS_DATADIR", dataDir.toString());
    env.put("BERTH_AGENT_RUNTIME", "process");
    env.put("BERTH_AGENT_POLL_INTERVAL", "300ms");
    env.put("BERTH_AGENT_CPU", "2048");
    env.put("BERTH_AGENT_MEMORY", "4096");
    // as make run provisions its agents: the key that may only register, then the instance's own credential
    env.put("BERTH_BOOTSTRAP_ACCESS_KEY_ID", bootstrapKey[0]);
    env.put("BERTH_BOOTSTRAP_SECRET_ACCESS_KEY", bootstrapKey[1]);
    env.putAll(extra);
    return env;
  }

  Agent startAgent(String cluster, Path dataDir, Map<String, String> extra) throws Exception {
    Map<String, String> env = agentEnvironment(cluster, dataDir, extra);
    return Agent.start(AgentConfig.from(env), env, new Host(2, 4096), Clock.systemUTC(), new Random(7));
  }

  void registerTaskDefinition(String family, ContainerDefinition... containers) {
    ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(containers));
  }

  /** A container that runs {@code command} as it is (no shell unless the command says so). */
  static ContainerDefinition container(String name, int memory, String... command) {
    return ContainerDefinition.builder().name(name).image("busybox").cpu(128).memory(memory).command(command).build();
  }

  Task runTask(String cluster, String family) {
    var result = ecs.runTask(b -> b.cluster(cluster).taskDefinition(family));
    if (result.tasks().isEmpty()) {
      fail("RunTask placed nothing: " + result.failures());
    }
    return result.tasks().get(0);
  }

  Task describeTask(String cluster, String taskArn) {
    return ecs.describeTasks(b -> b.cluster(cluster).tasks(taskArn)).tasks().get(0);
  }

  /** Describes the task until {@code condition} holds; fails with its last state after {@link #PATIENCE}. */
  Task awaitTask(String cluster, String taskArn, String what, Predicate<Task> condition) {
    return await(what, () -> describeTask(cluster, taskArn), condition);
  }

  Task awaitStopped(String cluster, String taskArn) {
    return awaitTask(cluster, taskArn, "task STOPPED", t -> t.lastStatus().equals("STOPPED"));
  }

  ContainerInstance describeInstance(String cluster, String arn) {
    return ecs.describeContainerInstances(b -> b.cluster(cluster).containerInstances(arn)).containerInstances().get(0);
  }

  static <T> T await(String what, Supplier<T> read, Predicate<T> condition) {
    Instant deadline = Instant.now().plus(PATIENCE);
    T last = read.get();
    while (!condition.test(last)) {
      if (Instant.now().isAfter(deadline)) {
        fail("gave up waiting for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      last = read.get();
    }
    return last;
  }

  static int integer(List<Resource> resources, String name) {
    return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().integerValue();
  }

  static List<String> stringSet(List<Resource> resources, String name) {
    return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().stringSetValue();
  }

  @Override
  public void close() {
    ecs.close();
    server.close();
    Emulator.drop(config);
  }
}
