package dev.berth.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass-through in front of the emulator, on 127.0.0.1, for the load balancer tests. Every request
 * goes on to the emulator unchanged, except that it can (a) report chosen targets {@code unhealthy}
 * in DescribeTargetHealth, since the emulator reports every registered target healthy, and (b)
 * answer the next calls of an ELBv2 action with ELB's Throttling error. It counts ELBv2 calls by
 * action and DynamoDB calls by operation.
 */
final class ElbStub implements AutoCloseable {
  private static final Pattern MEMBER = Pattern.compile(
      "<member><Target><Id>([^<]+)</Id><Port>(\\d+)</Port></Target>(.*?)</member>", Pattern.DOTALL);
  private static final Set<String> SKIPPED_HEADERS = Set.of("host", "content-length", "connection", "expect",
      "transfer-encoding", "upgrade");

  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Targets ("id:port") reported unhealthy. */
  final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  /** ELBv2 action -> how many of its next calls are throttled. */
  final Map<String, AtomicInteger> throttle = new ConcurrentHashMap<>();
  /**
   * When set, the first RegisterTargets call arms a crash: every later save of a service after a
   * reconcile pass (an UpdateItem ending in {@code ADD #v :one}) fails, until the test clears
   * {@link #crashing}. That is a pass dying between its registration and its save.
   */
  volatile boolean crashAfterNextRegistration;
  volatile boolean crashing;
  /** Every RegisterTargets and DeregisterTargets forwarded, in order: its action and form body. */
  final java.util.List<String[]> changes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  /** Calls seen: "elbv2:<Action>" and "dynamodb:<Operation>". */
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  ElbStub(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "elb-stub");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int count(String key) {
    AtomicInteger n = calls.get(key);
    return n == null ? 0 : n.get();
  }

  int elbCalls() {
    return calls.entrySet().stream().filter(e -> e.getKey().startsWith("elbv2:")).mapToInt(e -> e.getValue().get()).sum();
  }

  void resetCounts() {
    calls.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      String action = elbAction(exchange, body);
      String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (amzTarget != null && amzTarget.startsWith("DynamoDB_")) {
        calls.computeIfAbsent("dynamodb:" + amzTarget.substring(amzTarget.indexOf('.') + 1),
            k -> new AtomicInteger()).incrementAndGet();
        if (crashing && amzTarget.endsWith(".UpdateItem")
            && new String(body, StandardCharsets.UTF_8).contains("ADD #v :one\"")) {
          byte[] error = "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"crashed\"}"
              .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(400, error.length);
          exchange.getResponseBody().write(error);
          return;
        }
      }
      if ("RegisterTargets".equals(action) && crashAfterNextRegistration) {
        crashAfterNextRegistration = false;
        crashing = true;
      }
      if (action != null) {
        calls.computeIfAbsent("elbv2:" + action, k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger left = throttle.get(action);
        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          byte[] error = ("<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
              + "<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
              + "<RequestId>stub</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/xml");
          exchange.sendResponseHeaders(400, error.length);
          exchange.getResponseBody().write(error);
          return;
        }
      }
      HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!SKIPPED_HEADERS.contains(name.toLowerCase())) {
          values.forEach(v -> forward.header(name, v));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      byte[] out = response.body();
      if (response.statusCode() == 200 && ("RegisterTargets".equals(action) || "DeregisterTargets".equals(action))) {
        changes.add(new String[] {action, new String(body, StandardCharsets.UTF_8)});
      }
      if ("DescribeTargetHealth".equals(action) && !unhealthy.isEmpty()) {
        out = markUnhealthy(new String(out, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      }
      response.headers().map().forEach((name, values) -> {
        if (!SKIPPED_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
          values.forEach(v -> exchange.getResponseHeaders().add(name, v));
        }
      });
      exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
    }
  }

  private String markUnhealthy(String xml) {
    Matcher m = MEMBER.matcher(xml);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String rest = m.group(3);
      if (unhealthy.contains(m.group(1) + ":" + m.group(2))) {
        rest = rest.replace("<State>healthy</State>", "<State>unhealthy</State><Reason>Target.ResponseCodeMismatch"
            + "</Reason><Description>Health checks failed with these codes: [502]</Description>");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement("<member><Target><Id>" + m.group(1) + "</Id><Port>"
          + m.group(2) + "</Port></Target>" + rest + "</member>"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * The membership of {@code group} after each change logged since {@code from}, starting from
   * {@code initial} ("instance:port" targets).
   */
  java.util.List<java.util.Set<String>> membershipAfterEachChange(String group, java.util.Set<String> initial, int from) {
    java.util.List<java.util.Set<String>> out = new java.util.ArrayList<>();
    java.util.Set<String> now = new java.util.TreeSet<>(initial);
    java.util.List<String[]> log;
    synchronized (changes) {
      log = java.util.List.copyOf(changes.subList(from, changes.size()));
    }
    for (String[] change : log) {
      Map<String, String> form = new java.util.HashMap<>();
      for (String pair : change[1].split("&")) {
        int eq = pair.indexOf('=');
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      if (!group.equals(form.get("TargetGroupArn"))) {
        continue;
      }
      for (int i = 1; form.containsKey("Targets.member." + i + ".Id"); i++) {
        String target = form.get("Targets.member." + i + ".Id") + ":" + form.get("Targets.member." + i + ".Port");
        if (change[0].equals("RegisterTargets")) {
          now.add(target);
        } else {
          now.remove(target);
        }
      }
      out.add(new java.util.TreeSet<>(now));
    }
    return out;
  }

  /** The ELBv2 action of a query-protocol request (form body with Action=...), else null. */
  private static String elbAction(HttpExchange exchange, byte[] body) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.contains("/elasticloadbalancing/")) {
      return null;
    }
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("Action=")) {
        return URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
