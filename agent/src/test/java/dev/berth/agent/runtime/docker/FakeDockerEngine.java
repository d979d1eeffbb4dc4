package dev.berth.agent.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake of the Docker Engine API (v1.41) on a Unix socket, for tests on machines without Docker.
 * It records every request and answers the calls the agent makes with the status codes and body
 * shapes the Engine API reference documents: {@code POST /images/create} streams JSON progress
 * messages (an error arrives as a message with {@code error}, still under 200);
 * {@code POST /containers/create} gives 201 {@code {"Id","Warnings"}}; start and stop give 204 (304
 * when there is nothing to do); {@code POST /containers/{id}/wait} sends its headers at once and its
 * {@code {"StatusCode","Error"}} body, chunked, when the container exits; inspect gives
 * {@code State} and {@code NetworkSettings.Ports}; delete gives 204. Stop ends a container as
 * SIGTERM would (exit 143); {@link #exit} ends one on its own.
 */
public final class FakeDockerEngine implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Request(String method, String path, Map<String, String> query, JsonNode body) {
    public String line() {
      return method + " " + path;
    }
  }

  private static final class Container {
    final String id;
    final JsonNode create;
    final ObjectNode ports = JSON.createObjectNode();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    boolean started;
    boolean oomKilled;

    Container(String id, JsonNode create) {
      this.id = id;
      this.create = create;
    }
  }

  public final Path socket;
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  /** Completes once a wait request for a container has arrived. */
  final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
  private final Map<String, Container> containers = new ConcurrentHashMap<>();
  private final ServerSocketChannel server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-docker");
    t.setDaemon(true);
    return t;
  });
  private int nextId = 1;
  private int nextHostPort = 32768;
  /** Images whose pull fails. */
  final List<String> missingImages = new CopyOnWriteArrayList<>();

  public FakeDockerEngine(Path dir) throws IOException {
    this.socket = dir.resolve("docker.sock");
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    threads.execute(this::acceptLoop);
  }

  /** The container ends on its own with {@code code}. */
  public void exit(String id, int code, boolean oomKilled) {
    Container c = containers.get(id);
    c.oomKilled = oomKilled;
    c.exit.complete(code);
  }

  public List<String> lines() {
    return requests.stream().map(Request::line).toList();
  }

  public Request last(String method, String pathEnd) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      Request r = requests.get(i);
      if (r.method().equals(method) && r.path().endsWith(pathEnd)) {
        return r;
      }
    }
    throw new AssertionError("no " + method + " ..." + pathEnd + " among " + lines());
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel channel = server.accept();
        threads.execute(() -> serve(channel));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (channel) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
      OutputStream out = Channels.newOutputStream(channel);
      String[] requestLine = line(in).split(" ");
      Map<String, String> headers = new HashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      String target = requestLine[1];
      String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
      Map<String, String> query = new HashMap<>();
      if (target.contains("?")) {
        for (String pair : target.substring(target.indexOf('?') + 1).split("&")) {
          String[] kv = pair.split("=", 2);
          query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
      }
      Request request = new Request(requestLine[0], path, query, body.length == 0 ? null : JSON.readTree(body));
      requests.add(request);
      answer(request, out);
    } catch (IOException | InterruptedException e) {
      // the client went away (an interrupted wait); nothing to answer
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void answer(Request r, OutputStream out) throws Exception {
    String p = r.path();
    if (!p.startsWith("/v1.41/")) {
      send(out, 400, "{\"message\":\"client version not supported\"}");
      return;
    }
    String[] parts = p.substring("/v1.41/".length()).split("/");
    if (r.method().equals("GET") && parts[0].equals("version")) {
      send(out, 200, "{\"Version\":\"24.0.7\",\"ApiVersion\":\"1.43\",\"MinAPIVersion\":\"1.12\"}");
    } else if (r.method().equals("POST") && p.endsWith("/images/create")) {
      String image = r.query().get("fromImage");
      if (missingImages.contains(image)) {
        chunked(out, 200, List.of("{\"status\":\"Pulling from " + image + "\"}\r\n",
            "{\"errorDetail\":{\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\r\n"));
      } else {
        chunked(out, 200, List.of("{\"status\":\"Pulling from " + image + "\",\"id\":\"" + r.query().get("tag") + "\"}\r\n",
            "{\"status\":\"Status: Downloaded newer image for " + image + "\"}\r\n"));
      }
    } else if (r.method().equals("POST") && p.endsWith("/containers/create")) {
      String id;
      synchronized (this) {
        id = String.format("%064x", nextId++);
      }
      Container c = new Container(id, r.body());
      // dynamic host ports are assigned at create, as Docker does, and stay the same afterwards
      r.body().path("HostConfig").path("PortBindings").fields().forEachRemaining(binding -> {
        String host = binding.getValue().path(0).path("HostPort").asText();
        if (host.isEmpty()) {
          synchronized (this) {
            host = String.valueOf(nextHostPort++);
          }
        }
        c.ports.putArray(binding.getKey()).addObject().put("HostIp", "0.0.0.0").put("HostPort", host);
      });
      containers.put(id, c);
      send(out, 201, "{\"Id\":\"" + id + "\",\"Warnings\":[]}");
    } else if (parts[0].equals("containers") && parts.length >= 2) {
      Container c = containers.get(parts[1]);
      if (c == null) {
        send(out, 404, "{\"message\":\"No such container: " + parts[1] + "\"}");
        return;
      }
      String action = parts.length > 2 ? parts[2] : "";
      switch (r.method() + " " + action) {
        case "POST start" -> {
          send(out, c.started ? 304 : 204, null);
          c.started = true;
        }
        case "POST wait" -> {
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          waiting.computeIfAbsent(c.id, k -> new CompletableFuture<>()).complete(null);
          int code = c.exit.get(5, TimeUnit.MINUTES);
          writeChunk(out, "{\"Error\":null,\"StatusCode\":" + code + "}\n");
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        case "POST stop" -> {
          boolean running = c.started && !c.exit.isDone();
          c.exit.complete(143);
          send(out, running ? 204 : 304, null);
        }
        case "GET json" -> send(out, 200, inspect(c).toString());
        case "DELETE " -> {
          containers.remove(c.id);
          send(out, 204, null);
        }
        default -> send(out, 404, "{\"message\":\"page not found\"}");
      }
    } else {
      send(out, 404, "{\"message\":\"page not found\"}");
    }
  }

  private ObjectNode inspect(Container c) {
    ObjectNode o = JSON.createObjectNode().put("Id", c.id);
    boolean exited = c.exit.isDone();
    o.putObject("State").put("Status", exited ? "exited" : c.started ? "running" : "created")
        .put("Running", c.started && !exited).put("OOMKilled", c.oomKilled)
        .put("ExitCode", exited ? c.exit.join() : 0);
    o.putObject("NetworkSettings").set("Ports", c.ports);
    return o;
  }

  private static void send(OutputStream out, int status, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " X\r\nApi-Version: 1.43\r\nServer: Docker/24.0.7 (linux)\r\n"
        + (bytes.length > 0 ? "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n" : "")
        + "\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private static void chunked(OutputStream out, int status, List<String> chunks) throws IOException {
    out.write(("HTTP/1.1 " + status + " OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    for (String chunk : chunks) {
      writeChunk(out, chunk);
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void writeChunk(OutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
    Files.deleteIfExists(socket);
  }
}
