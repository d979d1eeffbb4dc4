package dev.berth.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.Config;
import dev.berth.functions.registration.RegistrationHandler;
import dev.berth.functions.runtask.RunTaskHandler;
import dev.berth.functions.services.ServicesHandler;
import dev.berth.local.LocalBerth;
import dev.berth.store.testing.Emulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cold starts, per function: each run is a fresh JVM with the function's own shaded jar (as Lambda
 * runs it, with the template's {@code JAVA_TOOL_OPTIONS}), fed the function's sample event from
 * {@code events/} through its real handler class (see {@link ColdStartProbe}) against the tables and
 * queues on the local AWS endpoint; timed from the launch of the process to the answer. The same with
 * an AppCDS archive made by a training run of that function (the local stand-in for SnapStart), and a
 * bare SDK GetItem process as the floor. Then each jar's size, and the warm latency of DescribeTasks and
 * RunTask through the local endpoint.
 *
 * <p>Environment: BENCH_RUNS (10), BENCH_WARM_CALLS (200), BENCH_ONLY (comma-separated function names),
 * BENCH_SEED_ONLY (1: seed, write {@code benchmarks/target/coldstart/probe.sh} to run one cold start by
 * hand, e.g. with {@code -Xlog:class+load}, keep the tables and stop).
 */
public final class ColdStartBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = findRoot();
  private static final Path WORK = ROOT.resolve("benchmarks/target/coldstart");
  private static final String TARGET = "AmazonEC2ContainerServiceV20141113.";

  /** A function of the template: its module, jar, handler class and sample event. */
  record Function(String name, String module, String artifact, String handler, String event) {}

  static final List<Function> FUNCTIONS = List.of(
      new Function("EcsEndpointFunction", "endpoint", "endpoint-function",
          "dev.berth.functions.endpoint.EndpointHandler", "endpoint-list-clusters.json"),
      new Function("RegistrationFunction", "registration", "registration-function",
          "dev.berth.functions.registration.RegistrationHandler", "registration-create-cluster.json"),
      new Function("RunTaskFunction", "run-task", "run-task-function",
          "dev.berth.functions.runtask.RunTaskHandler", "run-task-run-task.json"),
      new Function("ReadsFunction", "reads", "reads-function",
          "dev.berth.functions.reads.ReadsHandler", "reads-describe-clusters.json"),
      new Function("TaskStateFunction", "task-state", "task-state-function",
          "dev.berth.functions.taskstate.TaskStateHandler", "task-state-sqs.json"),
      new Function("ServicesFunction", "services", "services-function",
          "dev.berth.functions.services.ServicesHandler", "services-create-service.json"),
      new Function("ReconcilerFunction", "reconciler", "reconciler-function",
          "dev.berth.functions.reconciler.ReconcilerHandler", "reconciler-sqs.json"),
      new Function("SweepFunction", "reconciler", "reconciler-function",
          "dev.berth.functions.reconciler.SweepHandler", "sweep-schedule.json"));

  /** One cold start: the wall time to the answer, the probe's own split, and what it answered. */
  record Run(double totalMs, double initMs, double invokeMs, String answer) {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "10"));
    int warmCalls = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARM_CALLS", "200"));
    List<String> only = Arrays.stream(System.getenv().getOrDefault("BENCH_ONLY", "").split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    // the warm phase's endpoint logs an audit line per call; the figures are what this prints
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    Files.createDirectories(WORK);
    Path probeJar = probeJar();
    String toolOptions = templateToolOptions();
    Config config = Emulator.freshConfig("coldstart");
    StringBuilder report = new StringBuilder();
    boolean seedOnly = "1".equals(System.getenv("BENCH_SEED_ONLY"));
    try {
      Map<String, Path> events = seed(config);
      Map<String, String> env = environment(config);
      env.put("JAVA_TOOL_OPTIONS", toolOptions);
      if (seedOnly) {
        Path script = probeScript(env, probeJar, events);
        System.out.println("seeded; tables and queues kept (names start with "
            + config.clustersTable().replaceAll("clusters$", "") + ", delete them when done). One cold start by hand: bash "
            + ROOT.relativize(script) + " <FunctionName> [JVM flags...]");
        return;
      }
      say(report, "Cold start, JVM launch to first answered event: median of " + runs + " runs, "
          + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores, JAVA_TOOL_OPTIONS=\""
          + toolOptions + "\", load average at start " + loadAverage());
      say(report, "");
      say(report, "| function | jar MB | C1: total | init | first event | C1 + AppCDS: total | init | first event "
          + "| C1 ÷ floor | AppCDS ÷ floor | answer |");
      say(report, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
      Path readsJar = jar(FUNCTIONS.get(3));
      List<String> bareArgs = List.of("dev.berth.benchmarks.coldstart.BareGetItem", config.clustersTable(), "name",
          "sample");
      Probe floor = new Probe(readsJar + ":" + probeJar, bareArgs, WORK.resolve("bare.jsa"));
      row(report, "bare SDK GetItem (floor)", readsJar, floor, null, env, runs);
      for (Function function : FUNCTIONS) {
        if (!only.isEmpty() && !only.contains(function.name())) {
          continue;
        }
        List<String> probeArgs = List.of("dev.berth.benchmarks.coldstart.ColdStartProbe", function.handler(),
            events.get(function.name()).toString());
        row(report, function.name(), jar(function),
            new Probe(jar(function) + ":" + probeJar, probeArgs, WORK.resolve(function.name() + ".jsa")), floor, env, runs);
      }
      say(report, "");
      if (warmCalls > 0) { // BENCH_WARM_CALLS=0: the cold starts alone
        warm(report, config, warmCalls);
      }
    } finally {
      if (!seedOnly) {
        Emulator.drop(config);
      }
    }
    Files.writeString(WORK.resolve("results.md"), report.toString());
    System.out.println("\n(written to " + ROOT.relativize(WORK.resolve("results.md")) + ")");
  }

  /** A process to measure: its class path, main class and arguments, and the AppCDS archive it trains. */
  record Probe(String classpath, List<String> mainAndArgs, Path archive) {
    Run plain(Map<String, String> env) throws Exception {
      return launch(classpath, List.of(), mainAndArgs, env);
    }

    Run archived(Map<String, String> env) throws Exception {
      return launch(classpath, List.of("-XX:SharedArchiveFile=" + archive), mainAndArgs, env);
    }

    void train(Map<String, String> env) throws Exception {
      Files.deleteIfExists(archive);
      launch(classpath, List.of("-XX:ArchiveClassesAtExit=" + archive), mainAndArgs, env);
    }
  }

  /**
   * One row: {@code runs} launches without and with the archive, alternated so that a change in the
   * machine's load weighs on both columns alike. With a {@code floor} (trained before), the floor's
   * process is launched in the same loop and the row's medians are also given as a multiple of the
   * floor's medians of that loop, which this machine's drifting load disturbs far less than the
   * milliseconds.
   */
  private static void row(StringBuilder report, String label, Path jar, Probe probe, Probe floor,
      Map<String, String> env, int runs) throws Exception {
    probe.train(env);
    List<Run> plain = new ArrayList<>();
    List<Run> archived = new ArrayList<>();
    List<Run> floorPlain = new ArrayList<>();
    List<Run> floorArchived = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      plain.add(probe.plain(env));
      archived.add(probe.archived(env));
      if (floor != null) {
        floorPlain.add(floor.plain(env));
        floorArchived.add(floor.archived(env));
      }
    }
    String c1Ratio = floor == null ? "1.00" : String.format(Locale.ROOT, "%.2f",
        median(plain, Run::totalMs) / median(floorPlain, Run::totalMs));
    String archiveRatio = floor == null ? "1.00" : String.format(Locale.ROOT, "%.2f",
        median(archived, Run::totalMs) / median(floorArchived, Run::totalMs));
    say(report, String.format(Locale.ROOT, "| %s | %.1f | %.0f ms | %.0f | %.0f | %.0f ms | %.0f | %.0f | %s | %s | %s |",
        label, Files.size(jar) / 1e6, median(plain, Run::totalMs), median(plain, Run::initMs),
        median(plain, Run::invokeMs), median(archived, Run::totalMs), median(archived, Run::initMs),
        median(archived, Run::invokeMs), c1Ratio, archiveRatio, plain.get(plain.size() - 1).answer()));
  }

  /** One fresh JVM; the clock runs from just before the process is started to the probe's line. */
  private static Run launch(String classpath, List<String> jvmFlags, List<String> mainAndArgs, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-Xshare:auto");
    command.add("-cp");
    command.add(classpath);
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    String line;
    String found = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      while ((line = out.readLine()) != null) {
        if (line.startsWith("coldstart ") && found == null) {
          found = line;
          long total = System.nanoTime() - start;
          output.append(line).append('\n');
          drain(out);
          process.waitFor();
          Matcher m = Pattern.compile("init_ms=([0-9.]+) invoke_ms=([0-9.]+) answer=(.*)").matcher(found);
          if (!m.find()) {
            throw new IllegalStateException("unreadable probe line: " + found);
          }
          return new Run(total / 1e6, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), m.group(3));
        }
        output.append(line).append('\n');
      }
    }
    process.waitFor();
    throw new IllegalStateException("no answer from " + command + ":\n" + output);
  }

  private static void drain(BufferedReader out) throws IOException {
    while (out.readLine() != null) {
      // the rest of the output (a CDS dump's messages) is not part of the measurement
    }
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
    double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * What the sample events refer to, made through the handlers themselves: cluster "sample", an
   * instance with room for every run's task, task definition "sample-web", service "sample-svc" and one
   * placed task. Returns each function's event file (the task-state event with the placed task's id).
   */
  private static Map<String, Path> seed(Config config) throws IOException {
    call(new RegistrationHandler(config)::handle, "CreateCluster", "{\"clusterName\":\"sample\"}");
    call(new RegistrationHandler(config)::handle, "RegisterContainerInstance",
        "{\"cluster\":\"sample\",\"totalResources\":[{\"name\":\"CPU\",\"type\":\"INTEGER\",\"integerValue\":1000000},"
            + "{\"name\":\"MEMORY\",\"type\":\"INTEGER\",\"integerValue\":1000000}]}");
    call(new RegistrationHandler(config)::handle, "RegisterTaskDefinition",
        "{\"family\":\"sample-web\",\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"nginx\",\"memory\":128}]}");
    call(new ServicesHandler(config)::handle, "CreateService",
        "{\"cluster\":\"sample\",\"serviceName\":\"sample-svc\",\"taskDefinition\":\"sample-web\",\"desiredCount\":1}");
    JsonNode ran = call(new RunTaskHandler(config)::handle, "RunTask",
        "{\"cluster\":\"sample\",\"taskDefinition\":\"sample-web\",\"count\":1}");
    String taskArn = ran.path("tasks").path(0).path("taskArn").asText();
    String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);

    Map<String, Path> events = new HashMap<>();
    for (Function function : FUNCTIONS) {
      events.put(function.name(), ROOT.resolve("events").resolve(function.event()));
    }
    String taskState = Files.readString(ROOT.resolve("events/task-state-sqs.json"))
        .replace("0123456789abcdef0123456789abcdef", taskId);
    events.put("TaskStateFunction", write("task-state-sqs.json", taskState));
    events.put("EcsEndpointFunction", write("endpoint-signed.json", signedEndpointEvent()));
    return events;
  }

  /**
   * The endpoint's sample event, signed now with a well-formed key that no user holds: the endpoint
   * verifies the request, looks the key up (one GetItem), refuses it and records the refusal (one
   * PutItem). A key that works would need the downstream functions deployed as Lambda functions.
   */
  private static String signedEndpointEvent() throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(ROOT.resolve("events/endpoint-list-clusters.json").toFile());
    String body = event.path("body").asText();
    ObjectNode headers = event.with("headers");
    String host = headers.path("host").asText();
    Map<String, String> signed = SigV4Signer.sign(host, headers.path("x-amz-target").asText(), body,
        new String[] {"BKIAUNKNOWNKEY000000", "not-a-secret"}, "us-east-1", Instant.now());
    signed.forEach(headers::put);
    return JSON.writeValueAsString(event);
  }

  private static Path write(String name, String text) throws IOException {
    Path file = WORK.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static JsonNode call(java.util.function.Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
      String operation, String body) throws IOException {
    // a full HTTP API request (POST /), as the functions require
    APIGatewayV2HTTPResponse response = handler.apply(dev.berth.protocol.EcsHttp.event(operation, body));
    if (response.getStatusCode() != 200) {
      throw new IllegalStateException(operation + " failed: " + response.getBody());
    }
    return JSON.readTree(response.getBody());
  }

  /**
   * A script that runs one cold start of a function as {@link #launch} does (same environment, jar,
   * event), with extra JVM flags: {@code bash probe.sh ReadsFunction -Xlog:class+load:file=x.log};
   * {@code Floor} runs the bare SDK GetItem process.
   */
  private static Path probeScript(Map<String, String> env, Path probeJar, Map<String, Path> events)
      throws IOException {
    StringBuilder script = new StringBuilder("#!/bin/bash\n# written by ColdStartBenchmark (BENCH_SEED_ONLY=1)\n");
    script.append("set -eu\nname=\"$1\"; shift\n");
    StringBuilder environment = new StringBuilder();
    env.forEach((k, v) -> environment.append(" '").append(k).append('=').append(v).append('\''));
    script.append("case \"$name\" in\n");
    for (Function f : FUNCTIONS) {
      script.append("  ").append(f.name()).append(") exec env -i").append(environment).append(' ')
          .append(Path.of(System.getProperty("java.home"), "bin", "java")).append(" \"$@\" -Xshare:auto -cp ")
          .append(jar(f)).append(':').append(probeJar).append(" dev.berth.benchmarks.coldstart.ColdStartProbe ")
          .append(f.handler()).append(' ').append(events.get(f.name())).append(" ;;\n");
    }
    script.append("  Floor) exec env -i").append(environment).append(' ')
        .append(Path.of(System.getProperty("java.home"), "bin", "java")).append(" \"$@\" -Xshare:auto -cp ")
        .append(jar(FUNCTIONS.get(3))).append(':').append(probeJar).append(" dev.berth.benchmarks.coldstart.BareGetItem ")
        .append(env.get("BERTH_CLUSTERS_TABLE")).append(" name sample ;;\n");
    script.append("  *) echo \"unknown function $name\" >&2; exit 2 ;;\nesac\n");
    Path file = WORK.resolve("probe.sh");
    Files.writeString(file, script.toString());
    return file;
  }

  /** The variables Lambda would give the functions: the tables, queues and the emulator's endpoint. */
  private static Map<String, String> environment(Config config) {
    return Emulator.functionEnvironment(config, "arn:aws:kms:us-east-1:000000000000:key/coldstart-benchmark");
  }

  /** Warm latency through the local endpoint (signature, policy, audit, the function), as a CLI call sees it. */
  private static void warm(StringBuilder report, Config config, int calls) throws Exception {
    try (LocalBerth berth = LocalBerth.startWithoutPoller(config, 0, Clock.systemUTC())) {
      String[] key = berth.administratorKey();
      HttpClient http = HttpClient.newHttpClient();
      String cluster = "sample";
      JsonNode listed = JSON.readTree(post(http, berth, key, "ListTasks", "{\"cluster\":\"" + cluster + "\"}"));
      String someTask = listed.path("taskArns").path(0).asText();
      say(report, "Warm latency through the local endpoint (LocalBerth on 127.0.0.1, signed with the administrator's "
          + "key; " + calls + " calls after 20 to warm up):");
      say(report, "");
      say(report, "| call | p50 | p90 | p99 |");
      say(report, "|---|---:|---:|---:|");
      String describe = "{\"cluster\":\"" + cluster + "\",\"tasks\":[\"" + someTask + "\"]}";
      String runTask = "{\"cluster\":\"" + cluster + "\",\"taskDefinition\":\"sample-web\",\"count\":1}";
      for (String[] op : new String[][] {{"DescribeTasks", describe}, {"RunTask", runTask}}) {
        for (int i = 0; i < 20; i++) {
          post(http, berth, key, op[0], op[1]);
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
          long start = System.nanoTime();
          post(http, berth, key, op[0], op[1]);
          ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        say(report, String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms |", op[0], ms[calls / 2],
            ms[(int) (calls * 0.9)], ms[Math.min(calls - 1, (int) (calls * 0.99))]));
      }
    }
  }

  private static String post(HttpClient http, LocalBerth berth, String[] key, String operation, String body)
      throws Exception {
    URI uri = URI.create(berth.url());
    String host = uri.getHost() + ":" + uri.getPort();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    SigV4Signer.sign(host, TARGET + operation, body, key, "us-east-1", Instant.now()).forEach((name, value) -> {
      if (!name.equals("host")) {
        request.header(name, value);
      }
    });
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(operation + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** The probe in a jar of its own: CDS archives classes from jars only, and the probe must not drag anything in. */
  private static Path probeJar() throws IOException {
    Path jar = WORK.resolve("probe.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      for (String name : List.of("ColdStartProbe", "BareGetItem")) {
        String entry = "dev/berth/benchmarks/coldstart/" + name + ".class";
        jarOut.putNextEntry(new JarEntry(entry));
        try (var in = ColdStartBenchmark.class.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(jarOut);
        }
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  private static Path jar(Function function) throws IOException {
    Path target = ROOT.resolve("functions").resolve(function.module()).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().startsWith(function.artifact() + "-")
              && p.getFileName().toString().endsWith("-lambda.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("no shaded jar in " + target
              + " (mvn -pl functions/" + function.module() + " -am package)"));
    }
  }

  /** The JAVA_TOOL_OPTIONS the template gives every function. */
  private static String templateToolOptions() throws IOException {
    Matcher m = Pattern.compile("JAVA_TOOL_OPTIONS:\\s*(.+)").matcher(Files.readString(ROOT.resolve("template.yaml")));
    if (!m.find()) {
      throw new IllegalStateException("template.yaml sets no JAVA_TOOL_OPTIONS");
    }
    return m.group(1).strip().replaceAll("^\"|\"$", "");
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("run from inside the repository");
    }
    return dir;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void say(StringBuilder report, String line) {
    System.out.println(line);
    report.append(line).append('\n');
  }
}
