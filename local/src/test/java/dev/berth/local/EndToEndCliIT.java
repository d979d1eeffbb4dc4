package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same slice driven by the unmodified AWS CLI ({@code aws ecs ... --endpoint-url}), as a user
 * of {@code make run} would. The CLI comes from the project's tool environment (infra/tools.sh).
 */
class EndToEndCliIT {
  private static Berth berth;

  @BeforeAll
  static void start() throws Exception {
    berth = Berth.start("it-e2e-cli");
  }

  @AfterAll
  static void stop() {
    berth.close();
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
    return new AwsCli(berth.url()).ecs(args);
  }

  private static AwsCli.Result run(String... args) throws Exception {
    return new AwsCli(berth.url()).run(args);
  }
}
