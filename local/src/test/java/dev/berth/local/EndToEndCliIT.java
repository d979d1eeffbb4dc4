package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same slice driven by the unmodified AWS CLI ({@code aws ecs ... --endpoint-url}), as a user
 * of {@code make run} would. The CLI comes from the project's tool environment (infra/tools.sh).
 */
class EndToEndCliIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-e2e-cli");
  private static Berth berth;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
  }

  @Test
  void createRegisterRunDescribeStopReportAndSeeResourcesRestored() throws Exception {
    assertEquals("ACTIVE", aws("create-cluster", "--cluster-name", "cli").path("cluster").path("status").asText());
    JsonNode instance = aws("register-container-instance", "--cluster", "cli", "--total-resources",
        "name=CPU,type=INTEGER,integerValue=1024", "name=MEMORY,type=INTEGER,integerValue=2048",
        "name=PORTS,type=STRINGSET,stringSetValue=22").path("containerInstance");
    String instanceArn = instance.path("containerInstanceArn").asText();
    assertTrue(instanceArn.startsWith("arn:aws:ecs:us-east-1:"), instanceArn);

    JsonNode definition = aws("register-task-definition", "--family", "cli-web", "--container-definitions",
        "[{\"name\":\"web\",\"image\":\"nginx\",\"cpu\":512,\"memory\":1024,"
            + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":80}]}]").path("taskDefinition");
    assertEquals("cli-web", definition.path("family").asText());
    assertEquals("bridge", definition.path("networkMode").asText());

    JsonNode run = aws("run-task", "--cluster", "cli", "--task-definition", "cli-web", "--count", "2");
    assertEquals(1, run.path("tasks").size(), "the second task wants port 80 too");
    assertEquals("RESOURCE:PORTS", run.path("failures").get(0).path("reason").asText());
    String taskArn = run.path("tasks").get(0).path("taskArn").asText();

    JsonNode described = aws("describe-tasks", "--cluster", "cli", "--tasks", taskArn).path("tasks").get(0);
    assertEquals("PENDING", described.path("lastStatus").asText());
    assertEquals("512", described.path("cpu").asText());
    assertEquals(512, remaining(instanceArn, "CPU"));

    assertEquals("STOPPED",
        aws("stop-task", "--cluster", "cli", "--task", taskArn).path("task").path("desiredStatus").asText());
    aws("submit-task-state-change", "--cluster", "cli", "--task", taskArn, "--status", "STOPPED",
        "--reason", "stopped by the test");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (remaining(instanceArn, "CPU") != 1024 && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertEquals(1024, remaining(instanceArn, "CPU"));
    assertEquals(2048, remaining(instanceArn, "MEMORY"));
    JsonNode stopped = aws("describe-tasks", "--cluster", "cli", "--tasks", taskArn).path("tasks").get(0);
    assertEquals("STOPPED", stopped.path("lastStatus").asText());
    assertEquals(List.of(), berth.ledgerDrift("cli"));
  }

  @Test
  void aServiceStartsItsTaskScalesToZeroAndIsDeleted() throws Exception {
    aws("create-cluster", "--cluster-name", "cli-svc");
    aws("register-container-instance", "--cluster", "cli-svc", "--total-resources",
        "name=CPU,type=INTEGER,integerValue=1024", "name=MEMORY,type=INTEGER,integerValue=1024");
    aws("register-task-definition", "--family", "cli-svc-web", "--container-definitions",
        "[{\"name\":\"web\",\"image\":\"nginx\",\"cpu\":256,\"memory\":128}]");
    JsonNode created = aws("create-service", "--cluster", "cli-svc", "--service-name", "web", "--task-definition",
        "cli-svc-web", "--desired-count", "1").path("service");
    assertEquals("ACTIVE", created.path("status").asText());
    assertEquals("PRIMARY", created.path("deployments").get(0).path("status").asText());

    // the reconcile queue's poller places the task; the "agent" (this test) reports it running
    String taskArn = waitFor(() -> aws("list-tasks", "--cluster", "cli-svc", "--service-name", "web")
        .path("taskArns").path(0).asText(null));
    aws("submit-task-state-change", "--cluster", "cli-svc", "--task", taskArn, "--status", "RUNNING");
    waitFor(() -> service("cli-svc").path("runningCount").asInt() == 1 ? true : null);
    JsonNode task = aws("describe-tasks", "--cluster", "cli-svc", "--tasks", taskArn).path("tasks").get(0);
    assertEquals("service:web", task.path("group").asText());
    assertEquals(service("cli-svc").path("deployments").get(0).path("id").asText(), task.path("startedBy").asText());
    assertTrue(aws("list-services", "--cluster", "cli-svc").path("serviceArns").get(0).asText()
        .endsWith(":service/cli-svc/web"));

    aws("update-service", "--cluster", "cli-svc", "--service", "web", "--desired-count", "0");
    waitFor(() -> "STOPPED".equals(aws("describe-tasks", "--cluster", "cli-svc", "--tasks", taskArn)
        .path("tasks").get(0).path("desiredStatus").asText()) ? true : null);
    aws("submit-task-state-change", "--cluster", "cli-svc", "--task", taskArn, "--status", "STOPPED");
    assertEquals("DRAINING",
        aws("delete-service", "--cluster", "cli-svc", "--service", "web").path("service").path("status").asText());
    waitFor(() -> "INACTIVE".equals(service("cli-svc").path("status").asText()) ? true : null);
    assertEquals(0, aws("list-services", "--cluster", "cli-svc").path("serviceArns").size());
    assertEquals(List.of(), berth.ledgerDrift("cli-svc"));
  }

  private static JsonNode service(String cluster) throws Exception {
    return aws("describe-services", "--cluster", cluster, "--services", "web").path("services").get(0);
  }

  /** What {@code check} returns once it is not null; the pollers work in the background. */
  private static <T> T waitFor(java.util.concurrent.Callable<T> check) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      T value = check.call();
      if (value != null) {
        return value;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not reached within 30 s");
      }
      Thread.sleep(300);
    }
  }

  @Test
  void anUnknownClusterIsAnEcsErrorTheCliUnderstands() throws Exception {
    AwsCli.Result result = run("describe-container-instances", "--cluster", "nowhere", "--container-instances",
        "0123456789abcdef0123456789abcdef");
    assertTrue(result.exitCode() != 0, "the CLI reports the failure");
    assertTrue(result.stderr().contains("ClusterNotFoundException"), result.stderr());
  }

  private static int remaining(String instanceArn, String name) throws Exception {
    JsonNode ci = aws("describe-container-instances", "--cluster", "cli", "--container-instances", instanceArn)
        .path("containerInstances").get(0);
    for (JsonNode r : ci.path("remainingResources")) {
      if (r.path("name").asText().equals(name)) {
        return r.path("integerValue").asInt();
      }
    }
    throw new AssertionError("no " + name);
  }

  private static JsonNode aws(String... args) throws Exception {
    return new AwsCli(berth).ecs(args);
  }

  private static AwsCli.Result run(String... args) throws Exception {
    return new AwsCli(berth).run(args);
  }
}
