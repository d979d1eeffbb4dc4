package dev.berth.protocol;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * HTTP API events (payload format 2.0) read from, and responses written to, the bytes Lambda hands a
 * stream handler. The functions that serve ECS requests take their events this way rather than
 * through the runtime's bean binding, which costs a cold start several hundred classes of reflection
 * on the first event; the event is bound here field by field, the fields Berth reads and the rest
 * of the event's documented ones.
 */
public final class HttpEvents {
  private HttpEvents() {}

  /** Reads one event from {@code input}, answers it with {@code handler}, writes the response. */
  public static void serve(InputStream input, OutputStream output,
      Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) throws IOException {
    JsonNode event = JsonTrees.read(input);
    JsonTrees.write(response(handler.apply(event(event))), output);
  }

  /** An event as API Gateway writes it; members it does not know are ignored, as the runtime's binding does. */
  public static APIGatewayV2HTTPEvent event(JsonNode json) {
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setVersion(text(json, "version"));
    event.setRouteKey(text(json, "routeKey"));
    event.setRawPath(text(json, "rawPath"));
    event.setRawQueryString(text(json, "rawQueryString"));
    event.setCookies(strings(json.get("cookies")));
    event.setHeaders(stringMap(json.get("headers")));
    event.setQueryStringParameters(stringMap(json.get("queryStringParameters")));
    event.setPathParameters(stringMap(json.get("pathParameters")));
    event.setStageVariables(stringMap(json.get("stageVariables")));
    event.setBody(text(json, "body"));
    event.setIsBase64Encoded(json.path("isBase64Encoded").asBoolean(false));
    JsonNode context = json.get("requestContext");
    if (context != null && context.isObject()) {
      event.setRequestContext(requestContext(context));
    }
    return event;
  }

  private static APIGatewayV2HTTPEvent.RequestContext requestContext(JsonNode json) {
    var context = new APIGatewayV2HTTPEvent.RequestContext();
    context.setRouteKey(text(json, "routeKey"));
    context.setAccountId(text(json, "accountId"));
    context.setStage(text(json, "stage"));
    context.setApiId(text(json, "apiId"));
    context.setDomainName(text(json, "domainName"));
    context.setDomainPrefix(text(json, "domainPrefix"));
    context.setTime(text(json, "time"));
    context.setTimeEpoch(json.path("timeEpoch").asLong(0));
    context.setRequestId(text(json, "requestId"));
    JsonNode http = json.get("http");
    if (http != null && http.isObject()) {
      var h = new APIGatewayV2HTTPEvent.RequestContext.Http();
      h.setMethod(text(http, "method"));
      h.setPath(text(http, "path"));
      h.setProtocol(text(http, "protocol"));
      h.setSourceIp(text(http, "sourceIp"));
      h.setUserAgent(text(http, "userAgent"));
      context.setHttp(h);
    }
    JsonNode authorizer = json.get("authorizer");
    if (authorizer != null && authorizer.isObject()) {
      var a = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
      JsonNode lambda = authorizer.get("lambda");
      if (lambda != null && lambda.isObject()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) plain(lambda);
        a.setLambda(values);
      }
      JsonNode jwt = authorizer.get("jwt");
      if (jwt != null && jwt.isObject()) {
        var j = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        j.setClaims(stringMap(jwt.get("claims")));
        j.setScopes(strings(jwt.get("scopes")));
        a.setJwt(j);
      }
      context.setAuthorizer(a);
    }
    return context;
  }

  /** A response as the runtime writes one: its members that are set. */
  public static ObjectNode response(APIGatewayV2HTTPResponse response) {
    ObjectNode json = JsonTrees.object();
    json.put("statusCode", response.getStatusCode());
    if (response.getHeaders() != null) {
      ObjectNode headers = json.putObject("headers");
      response.getHeaders().forEach(headers::put);
    }
    if (response.getMultiValueHeaders() != null) {
      json.set("multiValueHeaders", JsonTrees.value(response.getMultiValueHeaders()));
    }
    if (response.getCookies() != null) {
      json.set("cookies", JsonTrees.value(response.getCookies()));
    }
    if (response.getBody() != null) {
      json.put("body", response.getBody());
    }
    json.put("isBase64Encoded", response.getIsBase64Encoded());
    return json;
  }

  /** A member's text; null when it is absent or null. */
  static String text(JsonNode json, String name) {
    JsonNode value = json.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> strings(JsonNode json) {
    if (json == null || !json.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>(json.size());
    json.forEach(v -> out.add(v.isNull() ? null : v.asText()));
    return out;
  }

  private static Map<String, String> stringMap(JsonNode json) {
    if (json == null || !json.isObject()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    json.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    return out;
  }

  /** A tree as the plain values an untyped binding gives: maps, lists, strings, numbers, booleans, null. */
  private static Object plain(JsonNode json) {
    if (json.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      json.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
      return out;
    }
    if (json.isArray()) {
      List<Object> out = new ArrayList<>(json.size());
      json.forEach(v -> out.add(plain(v)));
      return out;
    }
    if (json.isTextual()) {
      return json.textValue();
    }
    if (json.isNumber()) {
      return json.numberValue();
    }
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    return null;
  }
}
