package dev.berth.protocol.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every line a request logs carries its context as JSON fields; nested requests keep their own. */
class RequestLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<JsonNode> lines = new ArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      try {
        lines.add(JSON.readTree(new JsonLogFormatter().format(record)));
      } catch (Exception e) {
        throw new AssertionError("not one JSON object: " + record.getMessage(), e);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void capture() {
    root.addHandler(capture);
  }

  @AfterEach
  void release() {
    root.removeHandler(capture);
  }

  @Test
  void linesCarryTheRequestsContextAndEndWithItsOutcomeAndLatency() {
    RequestLog.begin("req-1", "RunTask");
    RequestLog.principal("arn:aws:iam::000000000000:user/deployer");
    RequestLog.cluster("prod");
    Logger.getLogger("berth.test").warning("placement took three tries");
    RequestLog.begin("req-2", "DescribeTasks"); // the local runtime runs a function inside the endpoint's thread
    RequestLog.end("ok", 200);
    RequestLog.end("ClusterNotFoundException", 400);
    Logger.getLogger("berth.test").info("after the request");

    assertEquals(4, lines.size(), lines.toString());
    JsonNode warning = lines.get(0);
    assertEquals("WARNING", warning.get("level").asText());
    assertEquals("placement took three tries", warning.get("message").asText());
    assertEquals("req-1", warning.get("requestId").asText());
    assertEquals("RunTask", warning.get("operation").asText());
    assertEquals("prod", warning.get("cluster").asText());
    assertEquals("arn:aws:iam::000000000000:user/deployer", warning.get("principal").asText());
    assertTrue(warning.has("time"));

    JsonNode inner = lines.get(1);
    assertEquals("req-2", inner.get("requestId").asText());
    assertEquals("DescribeTasks", inner.get("operation").asText());
    assertFalse(inner.has("cluster"));
    assertEquals("ok", inner.get("outcome").asText());
    assertEquals(200, inner.get("status").asInt());
    assertTrue(inner.get("latencyMs").isNumber());

    JsonNode outer = lines.get(2);
    assertEquals("req-1", outer.get("requestId").asText());
    assertEquals("ClusterNotFoundException", outer.get("outcome").asText());
    assertEquals(400, outer.get("status").asInt());
    assertTrue(outer.get("latencyMs").isNumber());

    assertFalse(lines.get(3).has("requestId"), "a line outside any request has no request fields");
    assertEquals(Level.INFO.getName(), lines.get(3).get("level").asText());
  }
}
