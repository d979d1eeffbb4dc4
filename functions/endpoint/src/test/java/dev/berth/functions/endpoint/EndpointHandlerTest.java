package dev.berth.functions.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.Operations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointHandlerTest {

  /** Records what it was asked to invoke and answers a fixed response. */
  private static final class RecordingInvoker implements Invoker {
    Operations.Group group;
    byte[] event;

    @Override
    public byte[] invoke(Operations.Group group, byte[] event) {
      this.group = group;
      this.event = event;
      return "{\"statusCode\":200,\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
    }
  }

  private static String event(String target) {
    return "{\"version\":\"2.0\",\"headers\":{" + (target == null ? "" : "\"X-Amz-Target\":\"" + target + "\"")
        + "},\"requestContext\":{\"requestId\":\"req-1\"},\"body\":\"{}\"}";
  }

  private static byte[] handle(Invoker invoker, String event) throws Exception {
    var out = new ByteArrayOutputStream();
    new EndpointHandler(invoker).handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
        null);
    return out.toByteArray();
  }

  @ParameterizedTest
  @CsvSource({"RunTask,RUN_TASK", "StopTask,RUN_TASK", "RegisterContainerInstance,REGISTRATION",
      "SubmitTaskStateChange,REGISTRATION", "DescribeTasks,READS", "ListClusters,READS"})
  void forwardsTheEventUnchangedToTheFunctionServingTheOperation(String operation, Operations.Group group)
      throws Exception {
    RecordingInvoker invoker = new RecordingInvoker();
    String event = event(EcsHttp.TARGET_PREFIX + operation);
    byte[] response = handle(invoker, event);
    assertEquals(group, invoker.group);
    assertArrayEquals(event.getBytes(StandardCharsets.UTF_8), invoker.event);
    assertEquals("{\"statusCode\":200,\"body\":\"{}\"}", new String(response, StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownOperationIsAnsweredWithoutInvokingAnything() throws Exception {
    RecordingInvoker invoker = new RecordingInvoker();
    JsonNode response = EcsHttp.MAPPER.readTree(handle(invoker, event(EcsHttp.TARGET_PREFIX + "Frobnicate")));
    assertNull(invoker.group);
    assertEquals(400, response.path("statusCode").asInt());
    assertEquals("UnknownOperationException",
        EcsHttp.MAPPER.readTree(response.path("body").asText()).path("__type").asText());
  }

  @Test
  void aMissingTargetHeaderIsAnUnknownOperation() throws Exception {
    JsonNode response = EcsHttp.MAPPER.readTree(handle(new RecordingInvoker(), event(null)));
    assertEquals(400, response.path("statusCode").asInt());
  }

  @Test
  void aFailingFunctionBecomesARetriableServerException() throws Exception {
    Logger logger = Logger.getLogger(EndpointHandler.class.getName());
    Level level = logger.getLevel();
    logger.setLevel(Level.OFF);
    try {
      Invoker failing = (group, event) -> {
        throw new IllegalStateException("function crashed");
      };
      JsonNode response = EcsHttp.MAPPER.readTree(handle(failing, event(EcsHttp.TARGET_PREFIX + "RunTask")));
      assertEquals(500, response.path("statusCode").asInt());
      JsonNode body = EcsHttp.MAPPER.readTree(response.path("body").asText());
      assertEquals("ServerException", body.path("__type").asText());
      assertEquals("req-1", response.path("headers").path("x-amzn-RequestId").asText());
    } finally {
      logger.setLevel(level);
    }
  }
}
