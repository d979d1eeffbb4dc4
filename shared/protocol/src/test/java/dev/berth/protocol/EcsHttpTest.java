package dev.berth.protocol;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Region;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EcsHttpTest {
  private static final Logger LOG = Logger.getLogger(EcsHttp.class.getName());
  private static Level savedLevel;

  private final List<Json> received = new ArrayList<>();
  private final EcsHttp http = new EcsHttp(Map.of(
      "ListClusters", request -> {
        received.add(request);
        ObjectNode o = Shapes.object();
        o.putArray("clusterArns").add("arn:aws:ecs:us-east-1:123456789012:cluster/default");
        return o;
      },
      "DescribeClusters", request -> {
        throw EcsException.clusterNotFound();
      },
      "RunTask", request -> {
        throw EcsException.conflict("Client token reused.", List.of("arn:task/1"));
      },
      "StopTask", request -> {
        throw new IllegalStateException("secret internal detail");
      },
      "StartTask", request -> {
        throw new OptimisticLockException("task 1");
      }), Region.of("us-east-1", "123456789012"));

  @BeforeAll
  static void quietLogs() {
    savedLevel = LOG.getLevel();
    LOG.setLevel(Level.OFF);
  }

  @AfterAll
  static void restoreLogs() {
    LOG.setLevel(savedLevel);
  }

  private static APIGatewayV2HTTPEvent event(String targetHeader, String target, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", EcsHttp.CONTENT_TYPE);
    if (target != null) {
      headers.put(targetHeader, target);
    }
    return APIGatewayV2HTTPEvent.builder().withHeaders(headers).withBody(body)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("req-1")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/").build())
            .build()).build();
  }

  private static APIGatewayV2HTTPEvent call(String operation, String body) {
    return event("x-amz-target", EcsHttp.TARGET_PREFIX + operation, body);
  }

  private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
    return JsonTrees.read(response.getBody());
  }

  private static void assertError(APIGatewayV2HTTPResponse response, int status, String code) throws Exception {
    assertEquals(status, response.getStatusCode());
    assertEquals(code, body(response).path("__type").asText());
    assertTrue(body(response).path("message").isTextual());
    assertEquals(code, response.getHeaders().get("X-Amzn-ErrorType"));
  }

  @Test
  void knownOperationAnswers200WithItsResponse() throws Exception {
    APIGatewayV2HTTPResponse r = http.handle(call("ListClusters", "{}"));
    assertEquals(200, r.getStatusCode());
    assertEquals("arn:aws:ecs:us-east-1:123456789012:cluster/default", body(r).path("clusterArns").get(0).asText());
    assertEquals(EcsHttp.CONTENT_TYPE, r.getHeaders().get("Content-Type"));
    assertEquals("req-1", r.getHeaders().get("x-amzn-RequestId"));
  }

  @Test
  void requestBodyReachesTheOperation() {
    http.handle(call("ListClusters", "{\"maxResults\":5}"));
    assertEquals(5, received.get(0).integer("maxResults"));
  }

  @Test
  void emptyBodyIsAnEmptyObject() {
    APIGatewayV2HTTPResponse r = http.handle(call("ListClusters", null));
    assertEquals(200, r.getStatusCode());
    assertEquals(0, received.get(0).node().size());
  }

  @Test
  void base64BodyIsDecoded() {
    String encoded = Base64.getEncoder().encodeToString("{\"maxResults\":7}".getBytes(StandardCharsets.UTF_8));
    APIGatewayV2HTTPEvent e = call("ListClusters", encoded);
    e.setIsBase64Encoded(true);
    assertEquals(200, http.handle(e).getStatusCode());
    assertEquals(7, received.get(0).integer("maxResults"));
  }

  @Test
  void targetHeaderNameIsCaseInsensitive() {
    APIGatewayV2HTTPResponse r = http.handle(event("X-Amz-Target", EcsHttp.TARGET_PREFIX + "ListClusters", "{}"));
    assertEquals(200, r.getStatusCode());
    r = http.handle(event("X-AMZ-TARGET", EcsHttp.TARGET_PREFIX + "ListClusters", "{}"));
    assertEquals(200, r.getStatusCode());
  }

  @Test
  void unknownOperationIs400UnknownOperationException() throws Exception {
    assertError(http.handle(call("LaunchRockets", "{}")), 400, "UnknownOperationException");
  }

  @Test
  void missingOrForeignTargetIs400UnknownOperationException() throws Exception {
    assertError(http.handle(event("x-amz-target", null, "{}")), 400, "UnknownOperationException");
    assertError(http.handle(event("x-amz-target", "DynamoDB_20120810.GetItem", "{}")), 400,
        "UnknownOperationException");
  }

  @Test
  void operationServedElsewhereWithoutForwarderIsUnknown() throws Exception {
    assertError(http.handle(call("DeleteCluster", "{}")), 400, "UnknownOperationException");
  }

  @Test
  void operationServedElsewhereIsForwardedToItsGroup() {
    List<Operations.Group> forwarded = new ArrayList<>();
    EcsHttp endpoint = new EcsHttp(Map.of(), (group, event) -> {
      forwarded.add(group);
      return APIGatewayV2HTTPResponse.builder().withStatusCode(202).build();
    }, Region.of("us-east-1", "123456789012"));
    assertEquals(202, endpoint.handle(call("RunTask", "{}")).getStatusCode());
    assertEquals(List.of(Operations.Group.RUN_TASK), forwarded);
  }

  @Test
  void malformedJsonIs400SerializationException() throws Exception {
    assertError(http.handle(call("ListClusters", "{\"maxResults\":")), 400, "SerializationException");
    assertTrue(received.isEmpty());
  }

  @Test
  void nonObjectBodyIs400SerializationException() throws Exception {
    assertError(http.handle(call("ListClusters", "[1,2]")), 400, "SerializationException");
    assertError(http.handle(call("ListClusters", "\"text\"")), 400, "SerializationException");
  }

  @Test
  void ecsExceptionKeepsItsCodeStatusAndMessage() throws Exception {
    APIGatewayV2HTTPResponse r = http.handle(call("DescribeClusters", "{}"));
    assertError(r, 400, "ClusterNotFoundException");
    assertEquals("Cluster not found.", body(r).path("message").asText());
    assertFalse(body(r).has("resourceIds"));
  }

  @Test
  void conflictCarriesResourceIds() throws Exception {
    APIGatewayV2HTTPResponse r = http.handle(call("RunTask", "{\"taskDefinition\":\"t\"}"));
    assertError(r, 400, "ConflictException");
    assertEquals("arn:task/1", body(r).path("resourceIds").get(0).asText());
  }

  @Test
  void runtimeExceptionIs500ServerExceptionWithoutDetails() throws Exception {
    APIGatewayV2HTTPResponse r = http.handle(call("StopTask", "{\"task\":\"t\"}"));
    assertError(r, 500, "ServerException");
    assertFalse(r.getBody().contains("secret internal detail"));
    assertFalse(r.getBody().contains("IllegalStateException"));
    assertFalse(r.getBody().contains("at dev.berth"));
    assertEquals(2, body(r).size());
  }

  @Test
  void repeatedWriteConflictIs500ServerException() throws Exception {
    assertError(http.handle(call("StartTask",
        "{\"taskDefinition\":\"t\",\"containerInstances\":[\"c\"]}")), 500, "ServerException");
  }

  @Test
  void requestIdIsGeneratedWithoutRequestContext() {
    APIGatewayV2HTTPEvent e = call("ListClusters", "{}");
    e.setRequestContext(null);
    String id = http.handle(e).getHeaders().get("x-amzn-RequestId");
    assertTrue(id != null && !id.isEmpty());
  }
}
