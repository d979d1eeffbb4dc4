package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An agent with the Docker runtime against a real Docker Engine and a local Berth: a web task with
 * a health check and a dependent container, exit codes and reasons, host ports (static and
 * dynamic), and the bridge, host and none network modes. Skipped without an engine unless
 * BERTH_REQUIRE_DOCKER=1.
 */
class DockerAgentIT {
  static final String CLUSTER = "docked";
  static final String IMAGE = RealDocker.IMAGE;
  private static RealDocker docker;
  @RegisterExtension
  static final RunningCluster BERTH = RunningCluster.start("it-agent-docker");
  private static LocalCluster berth;
  private static Agent agent;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void setUp() throws Exception {
    docker = RealDocker.require();
    berth = BERTH.get();
    agent = berth.startAgent(CLUSTER, dataDir, Map.of("BERTH_AGENT_RUNTIME", "docker", "DOCKER_HOST", docker.host));
  }

  static ContainerDefinition.Builder busybox(String name, String... command) {
    return ContainerDefinition.builder().name(name).image(IMAGE).cpu(64).memory(64).command(command);
  }

  @Test
  void aWebTaskRunsHealthyServesItsDynamicPortAndStopsWithSigtermThenSigkill() throws Exception {
    berth.registerTaskDefinition("web",
        busybox("web", "httpd", "-f", "-p", "80", "-h", "/www").stopTimeout(3)
            .portMappings(PortMapping.builder().containerPort(80).build())
            .healthCheck(h -> h.command("CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1/").interval(5).timeout(2)
                .retries(3))
            .build(),
        busybox("sidecar", "sh", "-c", "trap 'exit 42' TERM; while true; do sleep 1; done").essential(false)
            .stopTimeout(10)
            .dependsOn(d -> d.containerName("web").condition(ContainerCondition.HEALTHY)).build());
    assertEquals("DockerVersion: " + docker.client.versionCmd().exec().getVersion(),
        berth.describeInstance(CLUSTER, agent.containerInstanceArn()).versionInfo().dockerVersion());
    Task task = berth.runTask(CLUSTER, "web");
    Task running = berth.awaitTask(CLUSTER, task.taskArn(), "task RUNNING", t -> t.lastStatus().equals("RUNNING"));
    Container web = container(running, "web");
    Container sidecar = container(running, "sidecar");
    var inspected = docker.client.inspectContainerCmd(web.runtimeId()).exec();
    assertEquals("json-file", inspected.getHostConfig().getLogConfig().getType().getType(), "the default log driver");
    assertEquals("healthy", inspected.getState().getHealth().getStatus(), "sidecar started only once web is healthy");
    assertTrue(docker.client.inspectContainerCmd(sidecar.runtimeId()).exec().getState().getRunning());
    Ports.Binding bound = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(80))[0];
    assertEquals(List.of(NetworkBinding.builder().bindIP(bound.getHostIp()).containerPort(80)
        .hostPort(Integer.parseInt(bound.getHostPortSpec())).protocol("tcp").build()), web.networkBindings());
    assertTrue(web.networkBindings().get(0).hostPort() > 0);
    assertEquals("hello from berth/busybox", get("http://127.0.0.1:" + web.networkBindings().get(0).hostPort() + "/"));
    assertNotNull(running.pullStartedAt(), "the default behaviour tries a pull first");
    Task healthy = berth.awaitTask(CLUSTER, task.taskArn(), "task HEALTHY",
        t -> t.healthStatusAsString().equals("HEALTHY"));
    assertEquals("HEALTHY", container(healthy, "web").healthStatusAsString());
    assertEquals("UNKNOWN", container(healthy, "sidecar").healthStatusAsString(), "no health check");

    Instant asked = Instant.now();
    berth.ecs.stopTask(b -> b.cluster(CLUSTER).task(task.taskArn()));
    Task stopped = berth.awaitStopped(CLUSTER, task.taskArn());
    Duration took = Duration.between(asked, Instant.now());
    assertEquals(42, container(stopped, "sidecar").exitCode(), "SIGTERM reached the sidecar's trap");
    assertEquals(137, container(stopped, "web").exitCode(), "httpd as PID 1 ignores SIGTERM: SIGKILL after 3 s");
    assertTrue(took.compareTo(Duration.ofSeconds(3)) >= 0, "stopped after " + took);
    LocalCluster.await("both containers removed", () -> gone(web.runtimeId()) && gone(sidecar.runtimeId()), g -> g);
  }

  @Test
  void aFailingHealthCheckMakesItsContainerAndTaskUnhealthy() {
    berth.registerTaskDefinition("sickly",
        busybox("main", "sleep", "600").stopTimeout(1)
            .healthCheck(h -> h.command("CMD-SHELL", "exit 1").interval(5).timeout(2).retries(1)).build(),
        busybox("helper", "sleep", "600").stopTimeout(1).essential(false)
            .healthCheck(h -> h.command("CMD", "true").interval(5).timeout(2).retries(1)).build());
    Task task = berth.runTask(CLUSTER, "sickly");
    Task sick = berth.awaitTask(CLUSTER, task.taskArn(), "task UNHEALTHY",
        t -> t.healthStatusAsString().equals("UNHEALTHY"));
    assertEquals("RUNNING", sick.lastStatus(), "a standalone task keeps running when unhealthy");
    assertEquals("UNHEALTHY", container(sick, "main").healthStatusAsString());
    berth.awaitTask(CLUSTER, task.taskArn(), "helper HEALTHY",
        t -> container(t, "helper").healthStatusAsString().equals("HEALTHY"));
    berth.ecs.stopTask(b -> b.cluster(CLUSTER).task(task.taskArn()));
    berth.awaitStopped(CLUSTER, task.taskArn());
  }

  @Test
  void aServiceOfThreeReplacesTheTaskWhoseContainerTurnsUnhealthy() throws Exception {
    berth.registerTaskDefinition("turns-sick", busybox("main", "sleep", "600").stopTimeout(1)
        .healthCheck(h -> h.command("CMD-SHELL", "test ! -f /tmp/sick").interval(5).timeout(2).retries(1)).build());
    berth.ecs.createService(b -> b.cluster(CLUSTER).serviceName("sickly-service").taskDefinition("turns-sick")
        .desiredCount(3));
    try {
      List<Task> healthy = awaitHealthyTasks("sickly-service", 3);
      Task victim = healthy.get(1);
      var exec = docker.client.execCreateCmd(container(victim, "main").runtimeId())
          .withCmd("touch", "/tmp/sick").exec();
      docker.client.execStartCmd(exec.getId()).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>())
          .awaitCompletion();
      Task replaced = berth.awaitStopped(CLUSTER, victim.taskArn());
      assertEquals("Task failed container health checks", replaced.stoppedReason());
      List<Task> repaired = awaitHealthyTasks("sickly-service", 3);
      assertTrue(repaired.stream().noneMatch(t -> t.taskArn().equals(victim.taskArn())));
      for (Task t : healthy) {
        if (!t.taskArn().equals(victim.taskArn())) {
          assertTrue(repaired.stream().anyMatch(r -> r.taskArn().equals(t.taskArn())),
              "the two healthy tasks are left alone: " + t.taskArn());
        }
      }
    } finally {
      removeService("sickly-service");
    }
  }

  @Test
  void aDeploymentThatNeverTurnsHealthyTripsTheCircuitBreakerAndRollsBack() {
    berth.registerTaskDefinition("guarded", busybox("main", "sleep", "600").stopTimeout(1)
        .healthCheck(h -> h.command("CMD", "true").interval(5).timeout(2).retries(1)).build());
    berth.registerTaskDefinition("guarded", busybox("main", "sleep", "600").stopTimeout(1)
        .healthCheck(h -> h.command("CMD-SHELL", "exit 1").interval(5).timeout(2).retries(1)).build());
    berth.ecs.createService(b -> b.cluster(CLUSTER).serviceName("guarded").taskDefinition("guarded:1")
        .desiredCount(1).deploymentConfiguration(c -> c.minimumHealthyPercent(100).maximumPercent(200)
            .deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
    try {
      Task good = awaitHealthyTasks("guarded", 1).get(0);
      String goodDeployment = describeService("guarded").deployments().get(0).id();
      berth.ecs.updateService(b -> b.cluster(CLUSTER).service("guarded").taskDefinition("guarded:2"));
      Service rolledBack = LocalCluster.await("the breaker's rollback", () -> describeService("guarded"),
          s -> s.events().stream().anyMatch(e -> e.message().contains("rolling back to deployment " + goodDeployment)));
      assertTrue(rolledBack.deployments().get(0).taskDefinition().endsWith("guarded:1"), rolledBack.toString());
      Task stillRunning = berth.ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(good.taskArn())).tasks().get(0);
      assertEquals("RUNNING", stillRunning.lastStatus(), "minimumHealthyPercent 100 kept the good task throughout");
    } finally {
      removeService("guarded");
    }
  }

  private Service describeService(String name) {
    return berth.ecs.describeServices(b -> b.cluster(CLUSTER).services(name)).services().get(0);
  }

  /** The service's tasks once exactly {@code count} of them are RUNNING and HEALTHY. */
  private List<Task> awaitHealthyTasks(String service, int count) {
    return LocalCluster.await(count + " healthy tasks of " + service, () -> {
      List<String> arns = berth.ecs.listTasks(b -> b.cluster(CLUSTER).serviceName(service)).taskArns();
      return arns.isEmpty() ? List.<Task>of()
          : berth.ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(arns)).tasks().stream()
              .filter(t -> "RUNNING".equals(t.lastStatus()) && "HEALTHY".equals(t.healthStatusAsString())).toList();
    }, tasks -> tasks.size() == count);
  }

  private void removeService(String name) {
    berth.ecs.updateService(b -> b.cluster(CLUSTER).service(name).desiredCount(0));
    berth.ecs.deleteService(b -> b.cluster(CLUSTER).service(name).force(true));
  }

  @Test
  void exitCodesAndReasons() {
    berth.registerTaskDefinition("exit-zero", busybox("main", "true").build());
    berth.registerTaskDefinition("exit-three", busybox("main", "sh", "-c", "exit 3").build());
    berth.registerTaskDefinition("no-command", busybox("main", "no-such-command").build());
    berth.registerTaskDefinition("oom", busybox("main", "sh", "-c", "sleep 1; dd if=/dev/zero of=/dev/null bs=64M count=1")
        .memory(16).build());
    berth.registerTaskDefinition("no-image", busybox("main", "true").image("berth/no-such-image:1").build());
    Map<String, String> arns = new java.util.LinkedHashMap<>();
    for (String family : List.of("exit-zero", "exit-three", "no-command", "oom", "no-image")) {
      arns.put(family, berth.runTask(CLUSTER, family).taskArn());
    }
    Task zero = berth.awaitStopped(CLUSTER, arns.get("exit-zero"));
    assertEquals(0, zero.containers().get(0).exitCode());
    assertEquals("EssentialContainerExited", zero.stopCodeAsString());

    Task three = berth.awaitStopped(CLUSTER, arns.get("exit-three"));
    assertEquals(3, three.containers().get(0).exitCode());

    Task noCommand = berth.awaitStopped(CLUSTER, arns.get("no-command"));
    assertEquals("TaskFailedToStart", noCommand.stopCodeAsString());
    String reason = noCommand.containers().get(0).reason();
    assertTrue(reason.startsWith("CannotStartContainerError: ") && reason.contains("no-such-command")
        && reason.contains("executable file not found"), reason);
    assertNull(noCommand.containers().get(0).exitCode());

    Task oom = berth.awaitStopped(CLUSTER, arns.get("oom"));
    assertEquals("OutOfMemoryError: Container killed due to memory usage", oom.containers().get(0).reason(),
        oom.containers().get(0).toString());
    assertEquals(137, oom.containers().get(0).exitCode());

    Task noImage = berth.awaitStopped(CLUSTER, arns.get("no-image"));
    assertEquals("TaskFailedToStart", noImage.stopCodeAsString());
    assertTrue(noImage.containers().get(0).reason().startsWith("CannotPullContainerError: "),
        noImage.containers().get(0).reason());
  }

  @Test
  void aStaticHostPortIsNeverSharedAndDynamicPortsNeverCollide() throws Exception {
    berth.registerTaskDefinition("static-port", busybox("web", "httpd", "-f", "-p", "80", "-h", "/www")
        .stopTimeout(1).portMappings(PortMapping.builder().containerPort(80).hostPort(18431).build()).build());
    Task first = berth.runTask(CLUSTER, "static-port");
    var second = berth.ecs.runTask(b -> b.cluster(CLUSTER).taskDefinition("static-port"));
    assertTrue(second.tasks().isEmpty(), "a second task on the only instance: " + second.tasks());
    assertEquals("RESOURCE:PORTS", second.failures().get(0).reason());
    Task running = berth.awaitTask(CLUSTER, first.taskArn(), "RUNNING", t -> t.lastStatus().equals("RUNNING"));
    assertEquals(18431, running.containers().get(0).networkBindings().get(0).hostPort());
    assertEquals("hello from berth/busybox", get("http://127.0.0.1:18431/"));

    berth.registerTaskDefinition("dynamic-ports", busybox("web", "httpd", "-f", "-p", "80", "-h", "/www")
        .stopTimeout(1).portMappings(PortMapping.builder().containerPort(80).build(),
            PortMapping.builder().containerPort(81).hostPort(0).build()).build());
    List<String> arns = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      arns.add(berth.runTask(CLUSTER, "dynamic-ports").taskArn());
    }
    Set<Integer> ports = new HashSet<>();
    for (String arn : arns) {
      Task t = berth.awaitTask(CLUSTER, arn, "RUNNING", x -> x.lastStatus().equals("RUNNING"));
      List<NetworkBinding> bindings = t.containers().get(0).networkBindings();
      assertEquals(2, bindings.size(), bindings.toString());
      bindings.forEach(b -> assertTrue(ports.add(b.hostPort()), "host port " + b.hostPort() + " handed out twice"));
      int port80 = bindings.stream().filter(b -> b.containerPort() == 80).findFirst().orElseThrow().hostPort();
      assertEquals("hello from berth/busybox", get("http://127.0.0.1:" + port80 + "/"));
    }
    assertEquals(8, ports.size());
    List<String> inUse = LocalCluster.stringSet(
        berth.describeInstance(CLUSTER, agent.containerInstanceArn()).remainingResources(), "PORTS");
    for (int port : ports) {
      assertTrue(inUse.contains(String.valueOf(port)), "dynamic port " + port + " recorded in the ledger: " + inUse);
    }
    for (String arn : arns) {
      berth.ecs.stopTask(b -> b.cluster(CLUSTER).task(arn));
    }
    berth.ecs.stopTask(b -> b.cluster(CLUSTER).task(first.taskArn()));
    for (String arn : arns) {
      berth.awaitStopped(CLUSTER, arn);
    }
    berth.awaitStopped(CLUSTER, first.taskArn());
    List<String> after = LocalCluster.await("ports given back", () -> LocalCluster.stringSet(
        berth.describeInstance(CLUSTER, agent.containerInstanceArn()).remainingResources(), "PORTS"),
        p -> ports.stream().noneMatch(port -> p.contains(String.valueOf(port))) && !p.contains("18431"));
    assertTrue(after.contains("22"), "the reserved ports stay: " + after);
  }

  @Test
  void hostAndNoneNetworkModes() throws Exception {
    berth.ecs.registerTaskDefinition(b -> b.family("host-net").networkMode(NetworkMode.HOST).containerDefinitions(
        busybox("web", "httpd", "-f", "-p", "127.0.0.1:18432", "-h", "/www").stopTimeout(1)
            .portMappings(PortMapping.builder().containerPort(18432).build()).build()));
    berth.ecs.registerTaskDefinition(b -> b.family("no-net").networkMode(NetworkMode.NONE).containerDefinitions(
        busybox("main", "sh", "-c", "ip -o link | grep -v ' lo:' && exit 1; exit 0").build()));
    Task host = berth.runTask(CLUSTER, "host-net");
    Task none = berth.runTask(CLUSTER, "no-net");
    Task running = berth.awaitTask(CLUSTER, host.taskArn(), "RUNNING", t -> t.lastStatus().equals("RUNNING"));
    assertEquals(18432, running.containers().get(0).networkBindings().get(0).hostPort());
    assertEquals("hello from berth/busybox", get("http://127.0.0.1:18432/"));
    assertEquals("host", docker.client.inspectContainerCmd(running.containers().get(0).runtimeId()).exec()
        .getHostConfig().getNetworkMode());
    Task noneStopped = berth.awaitStopped(CLUSTER, none.taskArn());
    assertEquals(0, noneStopped.containers().get(0).exitCode(), "no interface but lo with networkMode none");
    berth.ecs.stopTask(b -> b.cluster(CLUSTER).task(host.taskArn()));
    berth.awaitStopped(CLUSTER, host.taskArn());
  }

  static Container container(Task task, String name) {
    return task.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  static boolean gone(String id) {
    return gone(docker, id);
  }

  static boolean gone(RealDocker docker, String id) {
    try {
      docker.client.inspectContainerCmd(id).exec();
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body().strip();
  }
}
