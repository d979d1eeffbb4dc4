package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.protocol.EcsHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The web console's static files: {@code GET /console/} and {@code GET /console/<file>}, read from the
 * {@code console/} folder of the classpath. They are public, like any web page, and served without
 * authentication; everything the page shows comes from ECS calls it signs in the browser with the
 * user's own key, so the files hold nothing a stranger could use.
 *
 * <p>Only flat file names of known types are served: no directory, no dot-dot, nothing else from the
 * classpath. Text goes out as it is; anything binary is base64 with {@code isBase64Encoded}, as API
 * Gateway expects.
 */
final class ConsoleAssets {
  static final String PREFIX = "/console";
  private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.[a-z0-9]{1,8}");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "json", "application/json");
  /**
   * The page may run only its own scripts and talk only to the endpoint it came from; nothing may
   * frame it (a framed sign-in form invites clickjacking).
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final Function<String, Optional<byte[]>> files;
  private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  /** @param files a file's bytes by its name in the folder, when it exists */
  ConsoleAssets(Function<String, Optional<byte[]>> files) {
    this.files = files;
  }

  /** The console packaged with the endpoint, under {@code console/} on the classpath. */
  static ConsoleAssets fromClasspath() {
    return new ConsoleAssets(name -> {
      try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + name)) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Whether {@code rawPath} is the console's, which this class answers whatever it is. */
  static boolean handles(String rawPath) {
    return rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/");
  }

  /** The HTTP API response event for a request under {@link #PREFIX}. */
  byte[] serve(String method, String rawPath, String requestId) {
    if (!method.equals("GET")) {
      return error(405, requestId, "MethodNotAllowedException", "The console's files are read with GET only.");
    }
    if (rawPath.equals(PREFIX)) {
      // relative links in the page resolve against /console/, so the folder's own URL is the page's
      return redirect(requestId, PREFIX + "/");
    }
    String name = rawPath.substring(PREFIX.length() + 1);
    if (name.isEmpty()) {
      name = "index.html";
    }
    if (!FILE_NAME.matcher(name).matches()) {
      return error(404, requestId, "ResourceNotFoundException", "No such console file.");
    }
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    if (type == null) {
      return error(404, requestId, "ResourceNotFoundException", "No such console file.");
    }
    Optional<byte[]> bytes = cache.computeIfAbsent(name, files);
    if (bytes.isEmpty()) {
      return error(404, requestId, "ResourceNotFoundException", "No such console file.");
    }
    ObjectNode response = response(200, requestId, type);
    boolean text = type.startsWith("text/") || type.equals("image/svg+xml") || type.equals("application/json");
    if (text) {
      response.put("body", new String(bytes.get(), StandardCharsets.UTF_8));
      response.put("isBase64Encoded", false);
    } else {
      response.put("body", Base64.getEncoder().encodeToString(bytes.get()));
      response.put("isBase64Encoded", true);
    }
    return write(response);
  }

  private static ObjectNode response(int status, String requestId, String contentType) {
    ObjectNode response = JsonTrees.object();
    response.put("statusCode", status);
    response.putObject("headers")
        .put("Content-Type", contentType)
        .put("Cache-Control", "no-cache")
        .put("X-Content-Type-Options", "nosniff")
        .put("Referrer-Policy", "no-referrer")
        .put("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .put("x-amzn-RequestId", requestId);
    return response;
  }

  private static byte[] redirect(String requestId, String location) {
    ObjectNode response = response(301, requestId, "text/plain; charset=utf-8");
    response.with("headers").put("Location", location);
    response.put("body", "");
    response.put("isBase64Encoded", false);
    return write(response);
  }

  private static byte[] error(int status, String requestId, String code, String message) {
    ObjectNode response = response(status, requestId, "application/x-amz-json-1.1");
    response.with("headers").put("X-Amzn-ErrorType", code);
    ObjectNode body = JsonTrees.object().put("__type", code).put("message", message);
    response.put("body", JsonTrees.text(body));
    response.put("isBase64Encoded", false);
    return write(response);
  }

  private static byte[] write(ObjectNode response) {
    return JsonTrees.bytes(response);
  }
}
