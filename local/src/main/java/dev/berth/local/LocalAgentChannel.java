package dev.berth.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.berth.functions.endpoint.EndpointHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * The agent channel on one machine, standing in for the deployed WebSocket API: a WebSocket server on
 * 127.0.0.1 whose handshakes, messages and closes become the same {@code $connect}, {@code $default}
 * and {@code $disconnect} events API Gateway sends the endpoint function, handled by the same
 * {@link EndpointHandler}; and API Gateway's connection-management call
 * ({@code POST /@connections/<id>}), served on the local endpoint's HTTP server, so Berth's functions
 * post wake-ups through the same SDK client they use deployed. A refused handshake is answered
 * {@code 404} by the WebSocket library (deployed: API Gateway passes on the function's 401 or 403);
 * either way the connection never opens.
 */
public final class LocalAgentChannel extends WebSocketServer {
  private static final Logger LOG = Logger.getLogger(LocalAgentChannel.class.getName());
  /** The stage name of the deployed WebSocket API, used as the local path too: {@code ws://.../agent}. */
  public static final String STAGE = "agent";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a connection carries: its id and the handshake's query, which {@code $disconnect} needs. */
  private record Attachment(String connectionId, ObjectNode query) {}

  private final EndpointHandler endpoint;
  private final Map<String, WebSocket> open = new ConcurrentHashMap<>();
  private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

  LocalAgentChannel(EndpointHandler endpoint, int port) {
    super(new InetSocketAddress("127.0.0.1", port));
    this.endpoint = endpoint;
    setReuseAddr(true);
    setDaemon(true);
  }

  /** The URL agents connect to. */
  public String url() {
    return "ws://127.0.0.1:" + getPort() + "/" + STAGE;
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
      ClientHandshake request) throws InvalidDataException {
    ServerHandshakeBuilder builder = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    URI uri = URI.create(request.getResourceDescriptor());
    String connectionId = newConnectionId();
    ObjectNode event = event("CONNECT", "$connect", connectionId, uri.getPath());
    ObjectNode headers = event.putObject("headers");
    for (Iterator<String> names = request.iterateHttpFields(); names.hasNext(); ) {
      String name = names.next();
      headers.put(name, request.getFieldValue(name));
    }
    ObjectNode query = event.putObject("queryStringParameters");
    ObjectNode multi = event.putObject("multiValueQueryStringParameters");
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(name, value);
        multi.withArray(name).add(value);
      }
    }
    // registered before the endpoint records it, so a wake posted right after the record finds it
    conn.setAttachment(new Attachment(connectionId, query));
    open.put(connectionId, conn);
    int status = invoke(event).path("statusCode").asInt(500);
    if (status != 200) {
      open.remove(connectionId);
      conn.setAttachment(null);
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "agent channel handshake refused: " + status);
    }
    return builder;
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    // recorded during the handshake
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    Attachment a = conn.getAttachment();
    if (a != null) {
      ObjectNode event = event("MESSAGE", "$default", a.connectionId(), "/" + STAGE);
      event.put("body", message);
      invoke(event);
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    Attachment a = conn.getAttachment();
    if (a != null && open.remove(a.connectionId(), conn)) {
      ObjectNode event = event("DISCONNECT", "$disconnect", a.connectionId(), "/" + STAGE);
      event.set("queryStringParameters", a.query());
      invoke(event);
    }
  }

  @Override
  public void onError(WebSocket conn, Exception e) {
    LOG.log(Level.FINE, "agent channel connection error", e);
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  /**
   * API Gateway's {@code PostToConnection}: the body goes to the connection as a text message;
   * 410 {@code GoneException} when there is no such open connection.
   */
  void serveManagement(HttpExchange exchange) throws IOException {
    try (exchange) {
      String prefix = "/@connections/";
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!exchange.getRequestMethod().equals("POST") || !path.startsWith(prefix)) {
        respond(exchange, 400, "BadRequestException", "Only POST @connections/{connectionId} is served.");
        return;
      }
      WebSocket conn = open.get(path.substring(prefix.length())); // getPath() has decoded it
      if (conn == null || !conn.isOpen()) {
        respond(exchange, 410, "GoneException", "The connection is gone.");
        return;
      }
      try {
        conn.send(new String(body, StandardCharsets.UTF_8));
      } catch (org.java_websocket.exceptions.WebsocketNotConnectedException closing) {
        respond(exchange, 410, "GoneException", "The connection is gone.");
        return;
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String message) throws IOException {
    byte[] out = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  private JsonNode invoke(ObjectNode event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      endpoint.handleRequest(new ByteArrayInputStream(LocalInvoker.EVENTS.writeValueAsBytes(event)), out, null);
      return LocalInvoker.EVENTS.readTree(out.toByteArray());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "agent channel event failed", e);
      return LocalInvoker.EVENTS.createObjectNode().put("statusCode", 500);
    }
  }

  /** An API Gateway WebSocket event's common part. */
  private ObjectNode event(String type, String route, String connectionId, String path) {
    ObjectNode event = LocalInvoker.EVENTS.createObjectNode();
    ObjectNode context = event.putObject("requestContext");
    context.put("routeKey", route);
    context.put("eventType", type);
    context.put("messageDirection", "IN");
    String stage = path == null || path.length() <= 1 ? "$default" : path.substring(1);
    context.put("stage", stage);
    context.put("connectionId", connectionId);
    context.put("requestId", UUID.randomUUID().toString());
    context.put("domainName", "127.0.0.1");
    context.putObject("identity").put("sourceIp", "127.0.0.1");
    event.put("isBase64Encoded", false);
    return event;
  }

  private static String newConnectionId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Starts the server and waits until it listens. */
  void startAndWait() throws IOException {
    start();
    try {
      if (!started.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IOException("the agent channel did not start listening on 127.0.0.1");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  void close() {
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
