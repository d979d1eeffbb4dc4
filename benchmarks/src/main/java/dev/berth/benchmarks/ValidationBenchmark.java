package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.Region;
import dev.berth.protocol.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What validating a request against the service model costs, next to the parse every request had
 * before: RunTask with overrides, and RegisterTaskDefinition with a large (about 40 KiB) valid
 * definition. The two paths run interleaved in one process; median and p99 per request.
 */
public final class ValidationBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Region HOME = Region.of("us-east-1", "123456789012");
  private static final int WARMUP = 20_000;
  private static final int SAMPLES = 50_000;

  public static void main(String[] args) throws Exception {
    System.out.printf("%-24s %8s %12s %12s %12s %12s%n", "operation", "bytes", "parse p50 us", "parse p99 us",
        "valid p50 us", "valid p99 us");
    run("RunTask", runTask());
    run("RegisterTaskDefinition", largeTaskDefinition());
  }

  private static void run(String operation, byte[] body) throws Exception {
    long[] parse = new long[SAMPLES];
    long[] validate = new long[SAMPLES];
    long sink = 0;
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      long t0 = System.nanoTime();
      sink += JSON.readTree(body).size();
      long t1 = System.nanoTime();
      sink += RequestValidator.validate(operation, body, HOME).size();
      long t2 = System.nanoTime();
      if (i >= WARMUP) {
        parse[i - WARMUP] = t1 - t0;
        validate[i - WARMUP] = t2 - t1;
      }
    }
    Arrays.sort(parse);
    Arrays.sort(validate);
    System.out.printf("%-24s %8d %12.1f %12.1f %12.1f %12.1f%s%n", operation, body.length, us(parse, 0.50),
        us(parse, 0.99), us(validate, 0.50), us(validate, 0.99), sink == 42 ? " " : "");
  }

  private static double us(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0;
  }

  private static byte[] runTask() {
    ObjectNode r = JSON.createObjectNode().put("cluster", "default").put("taskDefinition", "web:3").put("count", 2)
        .put("group", "batch").put("startedBy", "scheduler");
    r.putArray("placementConstraints").addObject().put("type", "memberOf")
        .put("expression", "attribute:ecs.instance-type =~ t3.*");
    r.putArray("placementStrategy").addObject().put("type", "spread").put("field", "attribute:ecs.availability-zone");
    ArrayNode containers = r.putObject("overrides").putArray("containerOverrides");
    ObjectNode c = containers.addObject().put("name", "app").put("cpu", 256).put("memory", 512);
    c.putArray("command").add("run").add("--fast");
    for (int i = 0; i < 5; i++) {
      c.withArray("environment").addObject().put("name", "VAR" + i).put("value", "value-" + i);
    }
    r.putArray("tags").addObject().put("key", "team").put("value", "core");
    return r.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] largeTaskDefinition() {
    ObjectNode td = JSON.createObjectNode().put("family", "large").put("networkMode", "bridge");
    ArrayNode containers = td.putArray("containerDefinitions");
    for (int c = 0; c < 10; c++) {
      ObjectNode d = containers.addObject().put("name", "c" + c).put("image", "registry.example/app:" + c)
          .put("cpu", 128).put("memory", 256).put("memoryReservation", 128).put("essential", c == 0);
      d.putArray("command").add("/bin/app").add("--port").add(Integer.toString(8000 + c));
      d.putArray("portMappings").addObject().put("containerPort", 8000 + c).put("hostPort", 0).put("protocol", "tcp");
      ArrayNode env = d.putArray("environment");
      for (int e = 0; e < 40; e++) {
        env.addObject().put("name", "SETTING_" + e).put("value", "some-configuration-value-" + c + "-" + e);
      }
      ObjectNode labels = d.putObject("dockerLabels");
      for (int l = 0; l < 10; l++) {
        labels.put("com.example.label" + l, "label-value-" + l);
      }
      d.putArray("ulimits").addObject().put("name", "nofile").put("softLimit", 1024).put("hardLimit", 4096);
      d.putObject("logConfiguration").put("logDriver", "json-file").putObject("options").put("max-size", "10m");
    }
    td.putArray("placementConstraints").addObject().put("type", "memberOf").put("expression", "attribute:x == y");
    return td.toString().getBytes(StandardCharsets.UTF_8);
  }

  private ValidationBenchmark() {}
}
