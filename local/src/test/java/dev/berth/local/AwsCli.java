package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The unmodified AWS CLI ({@code aws ecs ...}) pointed at a local Berth; the CLI comes from infra/tools.sh. */
final class AwsCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String endpoint;
  private final String[] key;

  /** The CLI signing with {@code key} ({id, secret}), as a user with that key in a profile would. */
  AwsCli(String endpoint, String[] key) {
    this.endpoint = endpoint;
    this.key = key;
  }

  AwsCli(Berth berth) {
    this(berth.url(), berth.adminKey);
  }

  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs {@code aws ecs <args>}, asserts it succeeded, and returns its JSON output. */
  JsonNode ecs(String... args) throws Exception {
    Result result = run(args);
    assertEquals(0, result.exitCode, "aws ecs " + String.join(" ", args) + " failed: " + result.stderr);
    return JSON.readTree(result.stdout.isBlank() ? "{}" : result.stdout);
  }

  /** Runs {@code aws ecs <args>} and returns how it ended. */
  Result run(String... args) throws IOException, InterruptedException {
    return service("ecs", args);
  }

  /** Runs {@code aws <service> <args>} (iam, cloudtrail, ...) against the endpoint. */
  Result service(String service, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("aws", service));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("AWS_PROFILE");
    builder.environment().remove("AWS_SESSION_TOKEN");
    builder.environment().put("AWS_ACCESS_KEY_ID", key[0]);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", key[1]);
    builder.environment().put("AWS_PAGER", "");
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "aws did not finish");
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}
