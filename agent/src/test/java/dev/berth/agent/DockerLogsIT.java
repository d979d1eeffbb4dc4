package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The awslogs log driver on a real engine: a task's output lands in the CloudWatch Logs of the AWS
 * endpoint (the local emulator), in the stream ECS names {@code prefix/container/task id}; and
 * json-file is what a container gets without a log configuration. Skipped without an engine
 * unless BERTH_REQUIRE_DOCKER=1.
 */
class DockerLogsIT {
  static final String CLUSTER = "logged";

  @Test
  void awslogsSendsAContainersOutputToCloudWatchLogs(@TempDir Path data) throws Exception {
    RealDocker docker = RealDocker.require();
    String endpoint = System.getenv().getOrDefault("AWS_ENDPOINT_URL", "http://localhost:4566");
    String group = "berth-it-" + Long.toHexString(System.nanoTime());
    try (LocalCluster berth = LocalCluster.start("it-agent-logs");
        Agent agent = berth.startAgent(CLUSTER, data, Map.of("BERTH_AGENT_RUNTIME", "docker",
            "DOCKER_HOST", docker.host, "AWS_ENDPOINT_URL", endpoint));
        CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      berth.registerTaskDefinition("chatty", DockerAgentIT.busybox("talker", "sh", "-c", "echo first; echo second")
          .logConfiguration(LogConfiguration.builder().logDriver(LogDriver.AWSLOGS).options(Map.of(
              "awslogs-group", group, "awslogs-region", "us-east-1", "awslogs-stream-prefix", "web",
              "awslogs-create-group", "true")).build()).build());
      Task task = berth.awaitStopped(CLUSTER, berth.runTask(CLUSTER, "chatty").taskArn());
      assertEquals(0, task.containers().get(0).exitCode());
      String stream = "web/talker/" + task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
      List<String> lines = LocalCluster.await("the output in CloudWatch Logs", () -> logs
          .getLogEvents(b -> b.logGroupName(group).logStreamName(stream)).events().stream()
          .map(OutputLogEvent::message).toList(), l -> l.size() >= 2);
      assertEquals(List.of("first", "second"), lines);
      logs.deleteLogGroup(b -> b.logGroupName(group));
    }
  }
}
