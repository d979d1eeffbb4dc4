package dev.berth.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP proxy in front of the AWS endpoint that counts every call by its operation
 * ({@code X-Amz-Target}, e.g. {@code DynamoDB_20120810.Query} or {@code AmazonSQS.SendMessage}):
 * what the code under measurement really sent over the wire, with no change to that code.
 */
final class CountingProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding");
  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  /** When (System.nanoTime) a RegisterTargets call first named each target port. */
  final Map<Integer, Long> registeredAt = new ConcurrentHashMap<>();

  CountingProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext("/", this::forward);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Calls by operation since the last reset, and starts counting afresh. */
  Map<String, Long> reset() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((op, n) -> out.put(op, n.sumThenReset()));
    out.values().removeIf(n -> n == 0);
    return out;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String op = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (op == null) {
        op = elbAction(exchange, body);
      }
      calls.computeIfAbsent(op == null ? exchange.getRequestMethod() + " (no target)" : op, k -> new LongAdder())
          .increment();
      if ("ELBv2.RegisterTargets".equals(op)) {
        long now = System.nanoTime();
        for (String pair : new String(body, java.nio.charset.StandardCharsets.UTF_8).split("&")) {
          if (pair.startsWith("Targets.member.") && pair.contains(".Port=")) {
            registeredAt.putIfAbsent(Integer.parseInt(pair.substring(pair.indexOf('=') + 1)), now);
          }
        }
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase())) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
          values.forEach(v -> exchange.getResponseHeaders().add(name, v));
        }
      });
      byte[] out = response.body();
      exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** "ELBv2.<Action>" for an ELBv2 query-protocol request (a form body, no X-Amz-Target), else null. */
  private static String elbAction(HttpExchange exchange, byte[] body) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.contains("/elasticloadbalancing/")) {
      return null;
    }
    for (String pair : new String(body, java.nio.charset.StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("Action=")) {
        return "ELBv2." + pair.substring(7);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
