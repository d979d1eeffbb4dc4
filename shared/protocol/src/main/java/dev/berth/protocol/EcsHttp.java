package dev.berth.protocol;

import dev.berth.json.JsonTrees;
import dev.berth.protocol.logging.RequestLog;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Region;
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
  private static final Logger LOG = Logger.getLogger(EcsHttp.class.getName());

  /** Hands an operation this function does not serve to the one that does. */
  public interface Forwarder {
    APIGatewayV2HTTPResponse forward(Operations.Group group, APIGatewayV2HTTPEvent event);
  }

  private final Map<String, EcsOperation> operations;
  private final Forwarder forwarder;
  private final Region home;

  /** Serves {@code operations}; ECS ARNs in requests must be of {@code home}. */
  public EcsHttp(Map<String, EcsOperation> operations, Region home) {
    this(operations, null, home);
  }

  public EcsHttp(Map<String, EcsOperation> operations, Forwarder forwarder, Region home) {
    this.operations = Map.copyOf(operations);
    this.forwarder = forwarder;
    this.home = java.util.Objects.requireNonNull(home, "home");
  }

  public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    String requestId = Optional.ofNullable(event.getRequestContext())
        .map(APIGatewayV2HTTPEvent.RequestContext::getRequestId)
        .orElseGet(() -> UUID.randomUUID().toString());
    String target = header(event.getHeaders(), "x-amz-target");
    RequestLog.begin(requestId, target != null && target.startsWith(TARGET_PREFIX)
        ? target.substring(TARGET_PREFIX.length()) : "unknown");
    RequestLog.principal(callerContext(event, "principalArn"));
    APIGatewayV2HTTPResponse response = null;
    try {
      response = serve(event, requestId);
      return response;
    } finally {
      int status = response == null || response.getStatusCode() == 0 ? 500 : response.getStatusCode();
      String error = response == null || response.getHeaders() == null ? null
          : response.getHeaders().get("X-Amzn-ErrorType");
      RequestLog.end(status < 400 ? "ok" : error != null ? error : "error", status);
    }
  }

  private APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, String requestId) {
    try {
      String operation = operation(event);
      requireEcsRequest(event);
      EcsOperation local = operations.get(operation);
      if (local == null) {
        Operations.Group group = Operations.GROUPS.get(operation);
        if (group == null || forwarder == null) {
          throw EcsException.unknownOperation("Unknown operation " + operation + ".");
        }
        return forwarder.forward(group, event);
      }
      ObjectNode body = request(operation, event, home);
      RequestLog.cluster(body.path("cluster").asText(null));
      ObjectNode response = local.handle(new Json(body, "")
          .fromAgent(agentInstance(event)).fromCaller(callerContext(event, "principalArn")));
      return respond(200, requestId, JsonTrees.text(response));
    } catch (EcsException e) {
      return error(requestId, e);
    } catch (OptimisticLockException e) {
      LOG.log(Level.WARNING, "gave up after repeated write conflicts: " + e.getMessage());
      return error(requestId, EcsException.server("The request conflicted with concurrent changes; retry it."));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "request " + requestId + " failed", e);
      return error(requestId, EcsException.server("An internal error occurred."));
    }
  }

  /**
   * The container instance of the agent that sent the request, as the endpoint put it where API
   * Gateway puts an authorizer's context (clients cannot set it: the endpoint overwrites it).
   */
  static String agentInstance(APIGatewayV2HTTPEvent event) {
    return callerContext(event, "containerInstanceArn");
  }

  /** A value the endpoint put in the caller's context (where API Gateway puts an authorizer's). */
  private static String callerContext(APIGatewayV2HTTPEvent event, String name) {
    var context = event.getRequestContext();
    if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getLambda() == null) {
      return null;
    }
    Object value = context.getAuthorizer().getLambda().get(name);
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  /**
   * A request as API Gateway delivers it ({@code POST /}, awsJson), for a function to run on itself:
   * SnapStart's priming before its snapshot.
   */
  public static APIGatewayV2HTTPEvent event(String operation, String body) {
    return APIGatewayV2HTTPEvent.builder()
        .withHeaders(Map.of("x-amz-target", TARGET_PREFIX + operation, "content-type", CONTENT_TYPE))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("priming")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/").build())
            .build())
        .withBody(body).withIsBase64Encoded(false).build();
  }

  /** The response body of an error: ECS's {@code {"__type", "message"}} shape. */
  public static APIGatewayV2HTTPResponse error(String requestId, EcsException e) {
    ObjectNode body = JsonTrees.object();
    body.put("__type", e.code());
    body.put("message", e.getMessage());
    if (!e.resourceIds().isEmpty()) {
      e.resourceIds().forEach(body.putArray("resourceIds")::add);
    }
    APIGatewayV2HTTPResponse response = respond(e.status(), requestId, JsonTrees.text(body));
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
    String target = header(headers, "x-amz-target");
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw EcsException.unknownOperation("Missing or unknown X-Amz-Target.");
    }
    return target.substring(TARGET_PREFIX.length());
  }

  /**
   * The body, strictly parsed and validated against the operation's shape: only what the model
   * knows reaches the operation. A base64 body is decoded to bytes first, so invalid UTF-8 in it is
   * refused rather than replaced.
   */
  private static ObjectNode request(String operation, APIGatewayV2HTTPEvent event, Region home) {
    String text = event.getBody();
    if (text != null && event.getIsBase64Encoded()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw EcsException.serialization("The request body is not valid base64.");
      }
      return RequestValidator.validate(operation, bytes, home);
    }
    return RequestValidator.validate(operation, text, home);
  }

  /**
   * ECS serves one thing: {@code POST /} with an awsJson content type. Anything else (a GET, another
   * path, a form post) is refused before the body is read, as ECS refuses it.
   */
  public static void requireEcsRequest(APIGatewayV2HTTPEvent event) {
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    String method = http == null ? null : http.getMethod();
    String path = http == null ? null : http.getPath();
    if (!"POST".equals(method) || !"/".equals(path)) {
      throw EcsException.unknownOperation("Only POST / is served.");
    }
    requireContentType(header(event.getHeaders(), "content-type"));
  }

  /** The content type must be awsJson 1.1 (or 1.0), optionally with parameters such as a charset. */
  public static void requireContentType(String contentType) {
    String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals(CONTENT_TYPE) && !type.equals("application/x-amz-json-1.0")) {
      throw EcsException.serialization("The Content-Type must be " + CONTENT_TYPE + ".");
    }
  }

  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (var h : headers.entrySet()) {
      if (h.getKey().toLowerCase(Locale.ROOT).equals(name)) {
        return h.getValue();
      }
    }
    return null;
  }
}
