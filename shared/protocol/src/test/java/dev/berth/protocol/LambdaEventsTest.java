package dev.berth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HttpEvents and SqsEvents read the events Lambda passes and write the answers it expects. */
class LambdaEventsTest {
  private static final String HTTP_EVENT = """
      {"version":"2.0","routeKey":"POST /","rawPath":"/","rawQueryString":"a=1",
       "headers":{"content-type":"application/x-amz-json-1.1","x-amz-target":"AmazonEC2ContainerServiceV20141113.ListClusters"},
       "queryStringParameters":{"a":"1"},"cookies":["c=1"],
       "requestContext":{"accountId":"123456789012","apiId":"api","requestId":"req-1","timeEpoch":1764000000000,
         "http":{"method":"POST","path":"/","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"aws-cli"},
         "authorizer":{"lambda":{"principalArn":"arn:aws:iam::123456789012:user/alice","depth":{"n":[1,true,null]}},
                       "jwt":{"claims":{"sub":"x"},"scopes":["s"]}},
         "unknownMember":{"ignored":true}},
       "body":"e30=","isBase64Encoded":true,"alsoUnknown":1}""";

  @Test
  void anHttpApiEventIsReadFieldByField() throws Exception {
    var event = HttpEvents.event(JsonTrees.read(HTTP_EVENT));
    assertEquals("2.0", event.getVersion());
    assertEquals("a=1", event.getRawQueryString());
    assertEquals("AmazonEC2ContainerServiceV20141113.ListClusters", event.getHeaders().get("x-amz-target"));
    assertEquals(Map.of("a", "1"), event.getQueryStringParameters());
    assertEquals(List.of("c=1"), event.getCookies());
    assertEquals("e30=", event.getBody());
    assertTrue(event.getIsBase64Encoded());
    var context = event.getRequestContext();
    assertEquals("req-1", context.getRequestId());
    assertEquals(1764000000000L, context.getTimeEpoch());
    assertEquals("POST", context.getHttp().getMethod());
    assertEquals("/", context.getHttp().getPath());
    assertEquals("arn:aws:iam::123456789012:user/alice", context.getAuthorizer().getLambda().get("principalArn"));
    assertEquals(Map.of("n", java.util.Arrays.asList(1, true, null)), context.getAuthorizer().getLambda().get("depth"));
    assertEquals(Map.of("sub", "x"), context.getAuthorizer().getJwt().getClaims());
    assertNull(event.getPathParameters());
  }

  @Test
  void aResponseIsWrittenWithTheMembersThatAreSet() throws Exception {
    var response = APIGatewayV2HTTPResponse.builder().withStatusCode(400)
        .withHeaders(Map.of("X-Amzn-ErrorType", "ClientException")).withBody("{\"__type\":\"ClientException\"}")
        .withIsBase64Encoded(false).build();
    JsonNode json = HttpEvents.response(response);
    assertEquals(400, json.path("statusCode").asInt());
    assertEquals("ClientException", json.path("headers").path("X-Amzn-ErrorType").asText());
    assertEquals("{\"__type\":\"ClientException\"}", json.path("body").asText());
    assertFalse(json.path("isBase64Encoded").asBoolean(true));
    assertFalse(json.has("cookies"));
    assertFalse(json.has("multiValueHeaders"));
  }

  @Test
  void serveReadsTheBytesAndWritesTheAnswer() throws Exception {
    var out = new ByteArrayOutputStream();
    HttpEvents.serve(new ByteArrayInputStream(HTTP_EVENT.getBytes(StandardCharsets.UTF_8)), out,
        event -> APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody(event.getRequestContext().getRequestId())
            .build());
    JsonNode answer = JsonTrees.read(out.toByteArray());
    assertEquals(200, answer.path("statusCode").asInt());
    assertEquals("req-1", answer.path("body").asText());
  }

  @Test
  void anSqsEventIsReadAndTheFailuresWritten() throws Exception {
    String json = """
        {"Records":[{"messageId":"m1","receiptHandle":"r1","body":"{\\"kind\\":\\"TASK\\"}",
          "attributes":{"ApproximateReceiveCount":"3"},
          "messageAttributes":{"k":{"dataType":"String","stringValue":"v","stringListValues":[]}},
          "md5OfBody":"x","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:1:q","awsRegion":"us-east-1"},
          {"messageId":"m2","body":"b"}]}""";
    SQSEvent event = SqsEvents.event(JsonTrees.read(json));
    assertEquals(2, event.getRecords().size());
    SQSEvent.SQSMessage first = event.getRecords().get(0);
    assertEquals("m1", first.getMessageId());
    assertEquals("{\"kind\":\"TASK\"}", first.getBody());
    assertEquals("3", first.getAttributes().get("ApproximateReceiveCount"));
    assertEquals("v", first.getMessageAttributes().get("k").getStringValue());
    assertEquals("arn:aws:sqs:us-east-1:1:q", first.getEventSourceArn());
    assertNull(event.getRecords().get(1).getAttributes());

    // what a local poller writes for the event source reads back the same
    SQSEvent again = SqsEvents.event(SqsEvents.json(event));
    assertEquals(first.getBody(), again.getRecords().get(0).getBody());
    assertEquals(first.getAttributes(), again.getRecords().get(0).getAttributes());
    assertEquals("m2", again.getRecords().get(1).getMessageId());

    var out = new ByteArrayOutputStream();
    SqsEvents.serve(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, e -> SQSBatchResponse.builder()
        .withBatchItemFailures(List.of(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("m2").build()))
        .build());
    JsonNode answer = JsonTrees.read(out.toByteArray());
    assertEquals(List.of("m2"), SqsEvents.failures(answer));
    assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", out.toString(StandardCharsets.UTF_8));
  }
}
