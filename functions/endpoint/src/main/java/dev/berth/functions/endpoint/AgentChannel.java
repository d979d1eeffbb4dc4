package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.Principal;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import dev.berth.core.store.AgentConnectionStore;
import dev.berth.model.Arns;
import dev.berth.protocol.EcsHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent channel's routes (API Gateway WebSocket events): the push half of Berth's agent
 * protocol, as an ECS agent's ACS websocket is, carrying only wake-ups (see
 * {@code AgentWakeups}).
 *
 * <ul>
 *   <li>{@code $connect}: the handshake ({@code GET /<stage>?cluster=..&containerInstance=..}) is
 *       SigV4-signed for {@code ecs} with the agent's instance credential, as ECS agents sign their
 *       ACS handshake. It is verified like any request to the endpoint; only an agent credential,
 *       and only for its own container instance, may connect. The connection id is then recorded
 *       against the instance. Anything else refuses the connection (4xx) and is audited.
 *   <li>{@code $disconnect}: the record goes, if it is still this connection's.
 *   <li>{@code $default}: the agent's keep-alive; answered, nothing else.
 * </ul>
 */
final class AgentChannel {
  private static final Logger LOG = Logger.getLogger(AgentChannel.class.getName());
  static final String OPERATION = "ConnectAgentChannel";

  private final Authenticator authenticator;
  private final boolean authenticate;
  private final AgentConnectionStore connections;
  private final Arns arns;
  private final AuditTrail audit;
  private final Clock clock;

  AgentChannel(Authenticator authenticator, boolean authenticate, AgentConnectionStore connections, Arns arns,
      AuditTrail audit, Clock clock) {
    this.authenticator = authenticator;
    this.authenticate = authenticate;
    this.connections = connections;
    this.arns = arns;
    this.audit = audit;
    this.clock = clock;
  }

  /** Whether {@code event} is a WebSocket API event rather than an HTTP API one. */
  static boolean handles(JsonNode event) {
    return event.path("requestContext").has("eventType") && event.path("requestContext").has("connectionId");
  }

  byte[] handle(ObjectNode event) {
    JsonNode context = event.path("requestContext");
    String connectionId = context.path("connectionId").asText();
    return switch (context.path("eventType").asText()) {
      case "CONNECT" -> connect(event, connectionId);
      case "DISCONNECT" -> disconnect(event);
      default -> answer(200, "");
    };
  }

  private byte[] connect(ObjectNode event, String connectionId) {
    HttpRequest request = handshake(event);
    Map<String, String> query = query(event);
    String cluster = Arns.clusterName(query.get("cluster"));
    String ref = query.get("containerInstance");
    Principal principal = null;
    try {
      if (ref == null || ref.isBlank()) {
        throw new AuthException(AuthError.ACCESS_DENIED, "The handshake must name its containerInstance.");
      }
      String instanceId = Arns.resourceId("container-instance", ref, cluster);
      String instanceArn = arns.containerInstance(cluster, instanceId);
      if (authenticate) {
        principal = authenticator.authenticate(request, Api.ECS).principal();
        if (!principal.isAgent()) {
          throw new AuthException(AuthError.ACCESS_DENIED, "User: " + principal.arn() + " is not authorized to "
              + "connect to the agent channel: only a container instance's agent credential may");
        }
        if (!AgentCredentials.isOwn(principal, instanceArn)) {
          throw AgentPolicy.denied(principal, OPERATION, instanceArn);
        }
      }
      connections.connected(cluster, instanceId, connectionId, clock.instant());
      record(request, principal, null, null, List.of(instanceArn));
      return answer(200, "");
    } catch (AuthException e) {
      record(request, principal, e.error().jsonCode().replace("Exception", ""), e.getMessage(),
          ref == null ? List.of() : List.of(ref));
      return Responses.json(e.error().jsonStatus() == 400 ? 401 : 403, request.requestId(),
          "{\"__type\":\"" + e.error().jsonCode() + "\",\"message\":" + quote(e.getMessage()) + "}");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "agent channel connect failed", e);
      return answer(500, "");
    }
  }

  private byte[] disconnect(ObjectNode event) {
    Map<String, String> query = query(event);
    String cluster = Arns.clusterName(query.get("cluster"));
    String ref = query.get("containerInstance");
    if (ref != null && !ref.isBlank()) {
      try {
        connections.disconnected(cluster, Arns.resourceId("container-instance", ref, cluster),
            event.path("requestContext").path("connectionId").asText());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "forgetting an agent connection failed; it expires on its own", e);
      }
    }
    return answer(200, "");
  }

  /**
   * The handshake as the agent signed it: {@code GET /<stage>} with the query string it sent (API
   * Gateway hands over the parsed parameters; the verifier canonicalises the query anyway).
   */
  private static HttpRequest handshake(ObjectNode event) {
    JsonNode context = event.path("requestContext");
    Map<String, String> headers = new HashMap<>();
    event.path("headers").fields().forEachRemaining(h ->
        headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().asText()));
    StringBuilder rawQuery = new StringBuilder();
    JsonNode multi = event.path("multiValueQueryStringParameters");
    JsonNode params = multi.isObject() ? multi : event.path("queryStringParameters");
    params.fields().forEachRemaining(p -> {
      for (JsonNode value : p.getValue().isArray() ? p.getValue() : List.of(p.getValue())) {
        if (rawQuery.length() > 0) {
          rawQuery.append('&');
        }
        rawQuery.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(value.asText(), StandardCharsets.UTF_8));
      }
    });
    String stage = context.path("stage").asText("");
    return new HttpRequest(event, "GET", stage.isEmpty() || stage.equals("$default") ? "/" : "/" + stage,
        rawQuery.toString(), headers, new byte[0], context.path("identity").path("sourceIp").asText(""),
        context.path("requestId").asText("unknown"), headers.getOrDefault("user-agent", ""));
  }

  private static Map<String, String> query(JsonNode event) {
    Map<String, String> out = new HashMap<>();
    event.path("queryStringParameters").fields().forEachRemaining(p -> out.put(p.getKey(), p.getValue().asText()));
    return out;
  }

  private void record(HttpRequest request, Principal principal, String code, String message, List<String> names) {
    try {
      audit.record(new AuditTrail.Call(Api.ECS, OPERATION, principal, principal == null ? null
          : principal.accessKeyId(), request, null, null, code, message, names, false));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "audit record of " + OPERATION + " failed", e);
    }
  }

  private static byte[] answer(int status, String body) {
    ObjectNode response = JsonTrees.object();
    response.put("statusCode", status);
    response.put("body", body);
    return JsonTrees.bytes(response);
  }

  private static String quote(String text) {
    return JsonTrees.text(JsonTrees.value(text));
  }
}
