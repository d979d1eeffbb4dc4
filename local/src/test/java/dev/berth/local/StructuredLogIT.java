package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.protocol.logging.JsonLogFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;

/**
 * Requests through the endpoint log one JSON summary line per function they pass through, with the
 * request id, operation, cluster, principal, outcome and latency, and never a secret or a body.
 */
class StructuredLogIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachRequestEndsWithItsSummaryLineAndNoSecretIsLogged() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      private final JsonLogFormatter formatter = new JsonLogFormatter();

      @Override
      public void publish(LogRecord record) {
        lines.add(formatter.format(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try (Berth berth = Berth.startWithoutPoller("logs")) {
      berth.createCluster("logged");
      berth.ecs.registerTaskDefinition(b -> b.family("secretive").containerDefinitions(ContainerDefinition.builder()
          .name("c").image("busybox").memory(64).environment(KeyValuePair.builder().name("PASSWORD")
              .value("hunter2-do-not-log").build()).build()));
      try {
        berth.ecs.runTask(b -> b.cluster("nowhere").taskDefinition("secretive"));
      } catch (EcsException expected) {
        // ClusterNotFoundException
      }
      root.removeHandler(capture);

      List<JsonNode> summaries = lines.stream().map(StructuredLogIT::parse)
          .filter(l -> l.has("outcome")).toList();
      List<JsonNode> runTask = summaries.stream().filter(l -> l.get("operation").asText().equals("RunTask")).toList();
      assertEquals(2, runTask.size(), "the endpoint's line and the run-task function's: " + runTask);
      for (JsonNode line : runTask) {
        assertEquals("nowhere", line.get("cluster").asText());
        assertEquals("ClusterNotFoundException", line.get("outcome").asText());
        assertEquals(400, line.get("status").asInt());
        assertTrue(line.get("latencyMs").isNumber());
        assertTrue(line.get("principal").asText().endsWith(":user/berth-admin"), line.toString());
        assertFalse(line.get("requestId").asText().isEmpty());
      }
      assertEquals(runTask.get(0).get("requestId"), runTask.get(1).get("requestId"), "one request, one id");
      JsonNode created = summaries.stream().filter(l -> l.get("operation").asText().equals("CreateCluster"))
          .findFirst().orElseThrow();
      assertEquals("ok", created.get("outcome").asText());
      for (String line : lines) {
        assertFalse(line.contains("hunter2-do-not-log"), line);
        assertFalse(line.contains(berth.adminKey[1]), "the secret key is never logged");
      }
    } finally {
      root.removeHandler(capture);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
