package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.agent.config.AgentConfig;
import dev.berth.agent.config.Host;
import dev.berth.core.Config;
import dev.berth.local.LocalBerth;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.Teardown;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A local Berth for a test class (its own tables and queue on the emulator, the ECS endpoint on a
 * free port, a 1 s heartbeat interval so refused heartbeats come quickly), an SDK EcsClient on it,
 * and agents started in this JVM with the process runtime. Closing it stops the agents it started,
 * ends the task processes and removes the Docker containers that outlived them, stops Berth and
 * deletes its tables and queues. A test class registers a {@link RunningCluster}.
 */
final class LocalCluster implements AutoCloseable {
  /** Long enough for any step the tests wait on; only a broken agent comes near it. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  final Config config;
  final LocalBerth server;
  final EcsClient ecs;

  private final String[] bootstrapKey;
  /** The Berth, then the agents in the order they started: released the other way round. */
  private final Teardown teardown;
  /** The Docker Engines agents were given: where containers that outlive them are removed. */
  private final Set<String> dockerHosts = new LinkedHashSet<>();

  private LocalCluster(Config config, LocalBerth server, Teardown teardown) {
    this.config = config;
    this.server = server;
    this.teardown = teardown;
    String[] adminKey = server.administratorKey();
    this.bootstrapKey = server.agentBootstrapKey();
    this.ecs = teardown.add(EcsClient.builder()
        .endpointOverride(URI.create(server.url()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(adminKey[0], adminKey[1])))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
        .build(), EcsClient::close);
    // after the agents stop (they are added later, so released earlier), while Berth still answers
    teardown.add(this, LocalCluster::endLeftoverContainers);
  }

  static LocalCluster start(String name) throws Exception {
    return start(name, new Config.Health(Duration.ofSeconds(1), 3, Duration.ofMinutes(10)));
  }

  /** A local Berth whose agents count as disconnected and lost after the given silences. */
  static LocalCluster start(String name, Config.Health health) throws Exception {
    return open(name, health, config -> LocalBerth.start(config, 0));
  }

  /** A local Berth whose endpoint is set up by {@code settings}. */
  static LocalCluster start(String name, dev.berth.functions.endpoint.Endpoints.Settings settings) throws Exception {
    return open(name, new Config.Health(Duration.ofSeconds(1), 3, Duration.ofMinutes(10)),
        config -> LocalBerth.start(config, 0, settings));
  }

  /** Serves Berth from the tables and queues of a fresh config. */
  @FunctionalInterface
  private interface Serving {
    LocalBerth start(Config config) throws Exception;
  }

  /** Fresh tables and queues, served; whatever a failing step leaves is released before its failure is thrown. */
  private static LocalCluster open(String name, Config.Health health, Serving serving) throws Exception {
    return Teardown.open(teardown -> {
      Config config = teardown.add(Emulator.freshConfig(name).withHealth(health), Emulator::drop);
      LocalBerth server = teardown.add(serving.start(config), LocalBerth::close);
      return new LocalCluster(config, server, teardown);
    });
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
    if ("docker".equals(env.get("BERTH_AGENT_RUNTIME")) && env.containsKey("DOCKER_HOST")) {
      dockerHosts.add(env.get("DOCKER_HOST"));
    }
    return env;
  }

  /** An agent in this JVM; it is stopped when the cluster closes, if the test has not stopped it already. */
  Agent startAgent(String cluster, Path dataDir, Map<String, String> extra) throws Exception {
    Map<String, String> env = agentEnvironment(cluster, dataDir, extra);
    return teardown.add(Agent.start(AgentConfig.from(env), env, new Host(2, 4096), Clock.systemUTC(), new Random(7)),
        Agent::close);
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

  /**
   * Stopping an agent leaves its containers running, as the ECS agent does: the task processes and
   * Docker containers of this Berth's tasks that are still there once its agents have stopped are
   * ended here, so that no test leaves work running on the host.
   */
  private void endLeftoverContainers() throws IOException {
    List<String> runtimeIds = new ArrayList<>();
    for (String cluster : ecs.listClustersPaginator(b -> {}).clusterArns()) {
      for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
        List<String> arns = ecs.listTasksPaginator(b -> b.cluster(cluster).desiredStatus(status)).taskArns().stream()
            .toList();
        for (int from = 0; from < arns.size(); from += 100) {
          List<String> batch = arns.subList(from, Math.min(arns.size(), from + 100));
          ecs.describeTasks(b -> b.cluster(cluster).tasks(batch)).tasks().forEach(t -> t.containers().stream()
              .map(Container::runtimeId).filter(id -> id != null && !id.isEmpty()).forEach(runtimeIds::add));
        }
      }
    }
    runtimeIds.stream().filter(id -> id.contains("@")).forEach(LocalCluster::endProcess);
    List<String> containers = runtimeIds.stream().filter(id -> !id.contains("@")).toList();
    for (String host : dockerHosts) {
      RealDocker.removeContainers(host, containers);
    }
  }

  /** Kills the process a process-runtime id ({@code <pid>@<start millis>}) names, if that process still runs. */
  private static void endProcess(String runtimeId) {
    long pid = Long.parseLong(runtimeId.substring(0, runtimeId.indexOf('@')));
    long started = Long.parseLong(runtimeId.substring(runtimeId.indexOf('@') + 1));
    ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == started)
        .ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Stops the agents, ends what they left running, stops Berth and deletes its tables and queues. */
  @Override
  public void close() {
    teardown.close();
  }
}
