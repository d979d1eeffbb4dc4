package dev.berth.protocol;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.model.OptimisticLockException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ECS wire protocol (awsJson1_1) over an HTTP API event: finds the operation named by
 * {@code X-Amz-Target}, parses the JSON body, runs the operation (or hands it to the function that
 * serves it) and answers with the response object or ECS's error shape. No stack trace ever
 * reaches a client.
 */
public final class EcsHttp {
  public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Logger LOG = Logger.getLogger(EcsHttp.class.getName());

  /** Hands an operation this function does not serve to the one that does. */
  public interface Forwarder {
    APIGatewayV2HTTPResponse forward(Operations.Group group, APIGatewayV2HTTPEvent event);
  }

  private final Map<String, EcsOperation> operations;
  private final Forwarder forwarder;

  public EcsHttp(Map<String, EcsOperation> operations) {
    this(operations, null);
  }

  public EcsHttp(Map<String, EcsOperation> operations, Forwarder forwarder) {
    this.operations = Map.copyOf(operations);
    this.forwarder = forwarder;
  }

  public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    String requestId = Optional.ofNullable(event.getRequestContext())
        .map(APIGatewayV2HTTPEvent.RequestContext::getRequestId)
        .orElseGet(() -> UUID.randomUUID().toString());
    try {
      String operation = operation(event);
      EcsOperation local = operations.get(operation);
      if (local == null) {
        Operations.Group group = Operations.GROUPS.get(operation);
        if (group == null || forwarder == null) {
          throw EcsException.unknownOperation("Unknown operation " + operation + ".");
        }
        return forwarder.forward(group, event);
      }
      ObjectNode response = local.handle(new Json(body(event), "").fromAgent(agentInstance(event)));
      return respond(200, requestId, MAPPER.writeValueAsString(response));
    } catch (EcsException e) {
      return error(requestId, e);
    } catch (OptimisticLockException e) {
      LOG.log(Level.WARNING, "gave up after repeated write conflicts: " + e.getMessage());
      return error(requestId, EcsException.server("The request conflicted with concurrent changes; retry it."));
    } catch (RuntimeException | JsonProcessingException e) {
      LOG.log(Level.SEVERE, "request " + requestId + " failed", e);
      return error(requestId, EcsException.server("An internal error occurred."));
    }
  }

  /**
   * The container instance of the agent that sent the request, as the endpoint put it where API
   * Gateway puts an authorizer's context (clients cannot set it: the endpoint overwrites it).
   */
  static String agentInstance(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getLambda() == null) {
      return null;
    }
    Object arn = context.getAuthorizer().getLambda().get("containerInstanceArn");
    return arn instanceof String s && !s.isEmpty() ? s : null;
  }

  /** The response body of an error: ECS's {@code {"__type", "message"}} shape. */
  public static APIGatewayV2HTTPResponse error(String requestId, EcsException e) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("__type", e.code());
    body.put("message", e.getMessage());
    if (!e.resourceIds().isEmpty()) {
      e.resourceIds().forEach(body.putArray("resourceIds")::add);
    }
    APIGatewayV2HTTPResponse response = respond(e.status(), requestId, body.toString());
    response.getHeaders().put("X-Amzn-ErrorType", e.code());
    return response;
  }

  private static APIGatewayV2HTTPResponse respond(int status, String requestId, String body) {
    var headers = new java.util.HashMap<String, String>();
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put("x-amzn-RequestId", requestId);
    return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body)
        .withIsBase64Encoded(false).build();
  }

  public static String operation(APIGatewayV2HTTPEvent event) {
    return operation(event.getHeaders());
  }

  /** The operation name from the target header; header names are case-insensitive. */
  public static String operation(Map<String, String> headers) {
    String target = null;
    if (headers != null) {
      for (var h : headers.entrySet()) {
        if (h.getKey().toLowerCase(Locale.ROOT).equals("x-amz-target")) {
          target = h.getValue();
        }
      }
    }
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw EcsException.unknownOperation("Missing or unknown X-Amz-Target: " + target);
    }
    return target.substring(TARGET_PREFIX.length());
  }

  private static ObjectNode body(APIGatewayV2HTTPEvent event) {
    String text = event.getBody();
    if (text != null && event.getIsBase64Encoded()) {
      text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
    if (text == null || text.isBlank()) {
      return MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw EcsException.serialization("The request body is not valid JSON.");
    }
    if (node == null || !node.isObject()) {
      throw EcsException.serialization("The request body must be a JSON object.");
    }
    return (ObjectNode) node;
  }
}
