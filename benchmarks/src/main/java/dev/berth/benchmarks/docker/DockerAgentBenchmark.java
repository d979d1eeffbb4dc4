package dev.berth.benchmarks.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.Agent;
import dev.berth.agent.config.AgentConfig;
import dev.berth.agent.config.Host;
import dev.berth.core.Config;
import dev.berth.local.LocalBerth;
import dev.berth.store.testing.Emulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The agent with a real Docker Engine, through a local Berth on the AWS endpoint:
 *
 * <ol>
 *   <li>latency: BENCH_TASKS (50) tasks one after the other, each RunTask to RUNNING and StopTask
 *       to STOPPED as DescribeTasks shows them, split into Docker's part (the runtime's calls: create
 *       and start; stop until the container exited, remove) and Berth's part (the rest: the API
 *       calls, the wake-up or the agent's poll, the reports through the task-state queue);</li>
 *   <li>footprint: the agent in a process of its own with BENCH_TASKS containers running: its CPU
 *       while they start, while they run (BENCH_STEADY_SECONDS, 60) and while they stop, and its
 *       resident memory.</li>
 * </ol>
 *
 * BENCH_WAKE=off runs the agent without the agent channel, learning of tasks by polling alone (every
 * BENCH_POLL_INTERVAL, 1 s by default then; 20 s, the safety net, with the channel).
 *
 * Needs DOCKER_HOST (make docker) and the image berth/busybox:latest. Pulls are skipped
 * (prefer-cached): no registry is reachable here, and a pull's cost is the registry's.
 */
public final class DockerAgentBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String CLUSTER = "bench-docker";
  private static final long TICK_NANOS = 10_000_000L; // USER_HZ 100

  private final String url;
  /** Every call is signed, as Berth requires: the benchmark acts as the administrator. */
  private final dev.berth.agent.ecs.RequestSigner signer;

  private DockerAgentBenchmark(String url, String[] key) {
    this.url = url;
    this.signer = dev.berth.agent.ecs.RequestSigner.sigV4(
        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key[0], key[1])), "us-east-1");
  }

  public static void main(String[] args) throws Exception {
    int tasks = Integer.parseInt(System.getenv().getOrDefault("BENCH_TASKS", "50"));
    int steadySeconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_STEADY_SECONDS", "60"));
    // with the agent channel on (the default), the poll is only the safety net: the agent's own default
    boolean wake = !"off".equals(System.getenv().getOrDefault("BENCH_WAKE", "on"));
    String poll = System.getenv().getOrDefault("BENCH_POLL_INTERVAL", wake ? "20s" : "1s");
    String dockerHost = System.getenv("DOCKER_HOST");
    if (dockerHost == null) {
      throw new IllegalStateException("DOCKER_HOST is not set: run `make docker` and `source infra/env.sh`");
    }
    Config config = Emulator.freshConfig("bench-docker");
    Path data = Files.createTempDirectory("berth-bench-docker");
    try (LocalBerth berth = LocalBerth.start(config, 0)) {
      DockerAgentBenchmark bench = new DockerAgentBenchmark(berth.url(), berth.administratorKey());
      Map<String, String> env = new HashMap<>(System.getenv());
      // the agents prove themselves with the key that may only register, as make run's agents do
      String[] bootstrap = berth.agentBootstrapKey();
      env.put("BERTH_BOOTSTRAP_ACCESS_KEY_ID", bootstrap[0]);
      env.put("BERTH_BOOTSTRAP_SECRET_ACCESS_KEY", bootstrap[1]);
      env.putAll(Map.of("BERTH_ENDPOINT", berth.url(), "ECS_CLUSTER", CLUSTER, "BERTH_AGENT_RUNTIME", "docker",
          "BERTH_AGENT_POLL_INTERVAL", poll, "BERTH_AGENT_CPU", "4096", "BERTH_AGENT_MEMORY", "4096",
          "ECS_IMAGE_PULL_BEHAVIOR", "prefer-cached"));
      if (wake) {
        env.put("BERTH_AGENT_WAKE_URL", berth.agentChannelUrl());
      } else {
        env.remove("BERTH_AGENT_WAKE_URL");
      }
      bench.call("RegisterTaskDefinition", "{'family':'bench','containerDefinitions':[{'name':'main',"
          + "'image':'berth/busybox:latest','memory':16,'stopTimeout':5,'command':['sh','-c',"
          + "'trap \\\"exit 0\\\" TERM; sleep 600 & wait']}]}");
      System.out.printf("Docker agent benchmark: %d tasks, agent poll interval %s, wake-ups %s, %d cores%n", tasks,
          poll, wake ? "on (agent channel)" : "off", Runtime.getRuntime().availableProcessors());
      bench.latency(tasks, data.resolve("in-process"), env);
      bench.footprint(tasks, steadySeconds, data.resolve("process"), env);
    } finally {
      Emulator.drop(config);
    }
  }

  /** Phase 1: one task at a time, in an agent in this JVM whose runtime is timed. */
  private void latency(int count, Path data, Map<String, String> env) throws Exception {
    Map<String, String> agentEnv = new HashMap<>(env);
    agentEnv.put("ECS_DATADIR", data.toString());
    TimedRuntime[] timed = new TimedRuntime[1];
    List<double[]> run = new ArrayList<>();
    List<double[]> stop = new ArrayList<>();
    try (Agent agent = Agent.start(AgentConfig.from(agentEnv), agentEnv, new Host(4, 4096), Clock.systemUTC(),
        new Random(1), r -> timed[0] = new TimedRuntime(r))) {
      for (int i = 0; i < count + 2; i++) {
        long t0 = System.nanoTime();
        String arn = call("RunTask", "{'cluster':'" + CLUSTER + "','taskDefinition':'bench'}")
            .path("tasks").path(0).path("taskArn").asText();
        awaitStatus(arn, "RUNNING");
        long t1 = System.nanoTime();
        call("StopTask", "{'cluster':'" + CLUSTER + "','task':'" + arn + "'}");
        awaitStatus(arn, "STOPPED");
        long t2 = System.nanoTime();
        if (i < 2) {
          continue; // warm-up: class loading and JIT in the agent and in Berth
        }
        double docker = timed[0].startNanos.getOrDefault(arn, 0L) / 1e6;
        run.add(new double[] {(t1 - t0) / 1e6, docker, (t1 - t0) / 1e6 - docker});
        double dockerStop = timed[0].stopNanos.getOrDefault(arn, 0L) / 1e6;
        stop.add(new double[] {(t2 - t1) / 1e6, dockerStop, (t2 - t1) / 1e6 - dockerStop});
      }
    }
    System.out.println();
    System.out.printf("%-22s %10s %10s %10s %10s %10s %10s%n", "ms (n=" + run.size() + ")", "total p50", "p95",
        "Docker p50", "p95", "Berth p50", "p95");
    print("RunTask -> RUNNING", run);
    print("StopTask -> STOPPED", stop);
  }

  private static void print(String what, List<double[]> rows) {
    System.out.printf("%-22s %10.0f %10.0f %10.0f %10.0f %10.0f %10.0f%n", what,
        pct(rows, 0, 50), pct(rows, 0, 95), pct(rows, 1, 50), pct(rows, 1, 95), pct(rows, 2, 50), pct(rows, 2, 95));
  }

  private static double pct(List<double[]> rows, int column, int p) {
    List<Double> values = new ArrayList<>();
    rows.forEach(r -> values.add(r[column]));
    Collections.sort(values);
    int index = (int) Math.ceil(p / 100.0 * values.size()) - 1;
    return values.get(Math.max(0, index));
  }

  /** Phase 2: the agent as its own process, with {@code count} containers. */
  private void footprint(int count, int steadySeconds, Path data, Map<String, String> env) throws Exception {
    Map<String, String> agentEnv = new HashMap<>(env);
    agentEnv.put("ECS_DATADIR", data.toString());
    agentEnv.put("ECS_CLUSTER", CLUSTER + "-own");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Agent.class.getName())
        .redirectErrorStream(true).redirectOutput(Files.createDirectories(data).resolve("agent.log").toFile());
    pb.environment().clear();
    pb.environment().putAll(agentEnv);
    Process agent = pb.start();
    try {
      String cluster = CLUSTER + "-own";
      awaitInstance(cluster);
      long idleCpu = cpuTicks(agent.pid());
      long t0 = System.nanoTime();
      List<String> arns = new ArrayList<>();
      while (arns.size() < count) {
        int n = Math.min(10, count - arns.size());
        for (JsonNode t : call("RunTask", "{'cluster':'" + cluster + "','taskDefinition':'bench','count':" + n + "}")
            .path("tasks")) {
          arns.add(t.path("taskArn").asText());
        }
      }
      for (String arn : arns) {
        awaitStatus(cluster, arn, "RUNNING");
      }
      double rampSeconds = (System.nanoTime() - t0) / 1e9;
      long afterRamp = cpuTicks(agent.pid());
      long rss = rssKiB(agent.pid());
      Thread.sleep(steadySeconds * 1000L);
      long afterSteady = cpuTicks(agent.pid());
      long rssSteady = rssKiB(agent.pid());
      long t1 = System.nanoTime();
      for (String arn : arns) {
        call("StopTask", "{'cluster':'" + cluster + "','task':'" + arn + "'}");
      }
      for (String arn : arns) {
        awaitStatus(cluster, arn, "STOPPED");
      }
      double stopSeconds = (System.nanoTime() - t1) / 1e9;
      long afterStop = cpuTicks(agent.pid());
      System.out.println();
      System.out.printf("agent process with %d containers (JVM defaults; CPU as %% of one core):%n", count);
      System.out.printf("  start %d tasks at once:  %.1f s to all RUNNING, agent CPU %.1f s (%.0f%%)%n", count,
          rampSeconds, (afterRamp - idleCpu) * TICK_NANOS / 1e9, 100 * (afterRamp - idleCpu) * TICK_NANOS / 1e9
              / rampSeconds);
      System.out.printf("  steady, %d s:             agent CPU %.2f s (%.1f%%), RSS %d MiB -> %d MiB%n",
          steadySeconds, (afterSteady - afterRamp) * TICK_NANOS / 1e9,
          100 * (afterSteady - afterRamp) * TICK_NANOS / 1e9 / steadySeconds, rss / 1024, rssSteady / 1024);
      System.out.printf("  stop %d tasks at once:   %.1f s to all STOPPED, agent CPU %.1f s%n", count, stopSeconds,
          (afterStop - afterSteady) * TICK_NANOS / 1e9);
    } finally {
      agent.destroy();
      agent.waitFor();
    }
  }

  private void awaitInstance(String cluster) throws Exception {
    for (int i = 0; i < 600; i++) {
      try {
        if (call("ListContainerInstances", "{'cluster':'" + cluster + "'}").path("containerInstanceArns").size() > 0) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // the cluster is created by the agent's registration
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the agent did not register");
  }

  private void awaitStatus(String arn, String status) throws Exception {
    awaitStatus(CLUSTER, arn, status);
  }

  private void awaitStatus(String cluster, String arn, String status) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode task = call("DescribeTasks", "{'cluster':'" + cluster + "','tasks':['" + arn + "']}").path("tasks")
          .path(0);
      if (task.path("lastStatus").asText().equals(status)) {
        return;
      }
      if (task.path("lastStatus").asText().equals("STOPPED")) {
        throw new IllegalStateException("task stopped: " + task);
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(arn + " did not reach " + status);
  }

  private JsonNode call(String operation, String body) throws Exception {
    ObjectNode request = (ObjectNode) JSON.readTree(body.replace('\'', '"'));
    byte[] bytes = request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.1",
        "X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation);
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(builder::header);
    signer.sign(URI.create(url), headers, bytes).forEach(builder::header);
    HttpResponse<String> r = HTTP.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(operation + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** utime + stime of a process, in clock ticks. */
  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long rssKiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
